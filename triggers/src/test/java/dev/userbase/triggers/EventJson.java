package dev.userbase.triggers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.testing.LambdaTestContext;

/**
 * Events as JSON, through the serializer the Lambda Java runtime uses for event classes, so a test
 * sees what Cognito would receive back.
 */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    static <T> T load(String fixture, Class<T> type) {
        return EventLoader.loadEvent(fixture, type);
    }

    static <T> JsonNode toJson(T event) {
        try {
            return MAPPER.readTree(bytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy made by serializing and reading back. */
    static <T> T copy(T event) {
        return serializer(event).fromJson(new ByteArrayInputStream(bytes(event)));
    }

    /**
     * A handler's answer to {@code event}: what it returned, as the runtime would serialize it, and
     * the JSON pointers at which that differs from the event as it was before the call.
     */
    record Answer<T>(T result, JsonNode json, Set<String> changes) {
    }

    static <T> Answer<T> answer(T event, UnaryOperator<T> handler) {
        JsonNode before = toJson(event);
        T result = handler.apply(event);
        JsonNode after = toJson(result);
        return new Answer<>(result, after, differences(before, after));
    }

    /** {@link #answer(Object, UnaryOperator)} of {@code handler} invoked as Lambda would, with {@code requestId}. */
    static <T> Answer<T> answer(T event, RequestHandler<T, T> handler, String requestId) {
        return answer(event, e -> handler.handleRequest(e, new LambdaTestContext(requestId)));
    }

    /** The JSON pointers whose values differ between two documents (a null and an absent field are equal). */
    static Set<String> differences(JsonNode before, JsonNode after) {
        Set<String> paths = new TreeSet<>();
        diff("", before, after, paths);
        return paths;
    }

    private static void diff(String path, JsonNode a, JsonNode b, Set<String> paths) {
        boolean aAbsent = a == null || a.isNull() || a.isMissingNode();
        boolean bAbsent = b == null || b.isNull() || b.isMissingNode();
        if (aAbsent && bAbsent) {
            return;
        }
        if (aAbsent || bAbsent || !a.isObject() || !b.isObject()) {
            if (aAbsent || bAbsent || !a.equals(b)) {
                paths.add(path);
            }
            return;
        }
        Set<String> names = new TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            diff(path + "/" + name, a.get(name), b.get(name), paths);
        }
    }

    private static <T> byte[] bytes(T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(event).toJson(event, out);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(T event) {
        return LambdaEventSerializers.serializerFor((Class<T>) event.getClass(), EventJson.class.getClassLoader());
    }
}
