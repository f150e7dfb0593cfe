package dev.userbase.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

/**
 * Calls a handler with JSON in and JSON out, the way Lambda's Java runtime does: a
 * {@link RequestStreamHandler} gets the raw bytes; a {@link RequestHandler} gets its input type read
 * with the serializer the runtime would pick (the event serializers with their mix-ins for Lambda's
 * own event classes, the runtime's plain Jackson configuration for anything else), and its output
 * written back the same way. So a handler that works here deserializes its events as it will in AWS.
 */
final class HandlerAdapter {

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final Class<?> handlerClass;
    private final boolean streaming;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    HandlerAdapter(Class<?> handlerClass) {
        this.handlerClass = handlerClass;
        if (RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            streaming = true;
            input = null;
            output = null;
        } else if (RequestHandler.class.isAssignableFrom(handlerClass)) {
            streaming = false;
            Type[] types = requestHandlerTypes(handlerClass);
            input = serializerFor(types[0]);
            output = serializerFor(types[1]);
        } else {
            throw new IllegalArgumentException(handlerClass.getName()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
    }

    Class<?> handlerClass() {
        return handlerClass;
    }

    /** Runs one invocation. Exceptions thrown by the handler propagate unchanged. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] invoke(Object handler, byte[] payload, Context context) throws Exception {
        if (streaming) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }
        Object event;
        try {
            event = input == null ? null : input.fromJson(new ByteArrayInputStream(payload));
        } catch (RuntimeException e) {
            // The runtime's own wording, so error handling downstream sees what it would in AWS.
            throw new LambdaRuntimeException("An error occurred during JSON parsing", e);
        }
        Object result = ((RequestHandler) handler).handleRequest(event, context);
        if (output == null) {
            return JSON_NULL;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            output.toJson(result, out);
            return out.toByteArray();
        } catch (RuntimeException e) {
            throw new LambdaRuntimeException("An error occurred during JSON serialization of response", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private PojoSerializer<Object> serializerFor(Type type) {
        if (type == null || type == Void.class) {
            return null;
        }
        if (type instanceof Class<?> clazz && LambdaEventSerializers.isLambdaSupportedEvent(clazz.getName())) {
            return (PojoSerializer) LambdaEventSerializers.serializerFor(clazz, handlerClass.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    /** The {@code I, O} of {@code RequestHandler<I, O>} as declared somewhere in the class hierarchy. */
    static Type[] requestHandlerTypes(Class<?> clazz) {
        for (Class<?> c = clazz; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type iface : c.getGenericInterfaces()) {
                if (iface instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    Type[] args = parameterized.getActualTypeArguments();
                    return new Type[] {concrete(args[0]), concrete(args[1])};
                }
            }
        }
        return new Type[] {Object.class, Object.class};
    }

    private static Type concrete(Type type) {
        return type instanceof TypeVariable<?> ? Object.class : type;
    }

    /** A failure of the runtime around the handler (parsing the event, writing the response). */
    static final class LambdaRuntimeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LambdaRuntimeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
