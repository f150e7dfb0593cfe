package dev.userbase.local.lambda;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import dev.userbase.testing.LambdaTestContext;

/**
 * One function, run like Lambda runs it: each execution environment (a handler instance) serves one
 * invocation at a time, a new one is created when all are busy (a cold start), a failed or timed-out
 * environment is thrown away, and an unhandled error comes back as Lambda's error document
 * ({@code errorMessage}, {@code errorType}, {@code stackTrace}) with {@code functionError = Unhandled}.
 */
public final class LocalFunction {

    private static final Logger LOG = LogManager.getLogger(LocalFunction.class);

    private final FunctionDefinition definition;
    private final String arn;
    private final HandlerFactory factory;
    private final ExecutorService executor;
    private final Clock clock;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private volatile HandlerAdapter adapter;

    LocalFunction(FunctionDefinition definition, String arn, HandlerFactory factory, ExecutorService executor, Clock clock) {
        this.definition = definition;
        this.arn = arn;
        this.factory = factory;
        this.executor = executor;
        this.clock = clock;
    }

    public FunctionDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    public String arn() {
        return arn;
    }

    /** Loads the handler class and creates one environment ahead of the first call (what provisioned concurrency does). */
    public void warm() {
        try {
            idle.push(newInstance());
        } catch (Exception e) {
            LOG.warn("{}: could not initialise {}: {}", name(), definition.handlerClass(), rootMessage(e));
        }
    }

    /** Invokes the function synchronously (RequestResponse). Never throws for a handler failure. */
    public InvocationResult invoke(byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        Object instance;
        try {
            instance = idle.poll();
            if (instance == null) {
                instance = newInstance();
            }
        } catch (Exception e) {
            // An init error: Lambda reports it like any unhandled error of the invocation.
            LOG.warn("{} {}: init failed: {}", name(), requestId, rootMessage(e));
            return new InvocationResult(requestId, errorDocument(unwrap(e)), InvocationResult.UNHANDLED);
        }
        Object environment = instance;
        Instant deadline = clock.instant().plus(definition.timeout());
        LambdaTestContext context = new LambdaTestContext(requestId, definition.name(), arn,
                "local/[$LATEST]" + definition.name(), definition.memoryMb(),
                () -> (int) (deadline.toEpochMilli() - clock.millis()),
                new LambdaTestContext.StreamLogger(System.out, "[" + definition.name() + "] "));
        Future<byte[]> call = executor.submit(() -> adapter.invoke(environment, payload, context));
        try {
            byte[] result = call.get(definition.timeout().toMillis(), TimeUnit.MILLISECONDS);
            idle.push(environment);
            LOG.debug("{} {}: ok in {} ms", name(), requestId, millisSince(started));
            return new InvocationResult(requestId, result, null);
        } catch (TimeoutException e) {
            call.cancel(true);
            discard(environment);
            LOG.warn("{} {}: timed out after {} ms", name(), requestId, definition.timeout().toMillis());
            ObjectNode error = Json.object()
                    .put("errorMessage", String.format("%s Task timed out after %.2f seconds",
                            requestId, definition.timeout().toMillis() / 1000.0))
                    .put("errorType", "Sandbox.Timedout");
            return new InvocationResult(requestId, Json.bytes(error), InvocationResult.UNHANDLED);
        } catch (ExecutionException e) {
            discard(environment);
            Throwable failure = e.getCause();
            LOG.warn("{} {}: {} in {} ms: {}", name(), requestId, failure.getClass().getSimpleName(),
                    millisSince(started), failure.getMessage());
            LOG.debug("{} {}: stack trace", name(), requestId, failure);
            return new InvocationResult(requestId, errorDocument(failure), InvocationResult.UNHANDLED);
        } catch (InterruptedException e) {
            call.cancel(true);
            discard(environment);
            Thread.currentThread().interrupt();
            return new InvocationResult(requestId, errorDocument(e), InvocationResult.UNHANDLED);
        }
    }

    private synchronized Object newInstance() throws Exception {
        if (adapter == null) {
            Class<?> handlerClass = Class.forName(definition.handlerClass(), true,
                    Thread.currentThread().getContextClassLoader());
            adapter = new HandlerAdapter(handlerClass);
        }
        return factory.create(adapter.handlerClass());
    }

    /** A failed or timed-out environment is not reused (Lambda replaces it): it is simply not returned to the pool. */
    private static void discard(Object environment) {
        // nothing to release: handler instances hold no resources of their own beyond the shared clients
    }

    /** Lambda's error document for an unhandled exception, causes included. */
    static byte[] errorDocument(Throwable failure) {
        return Json.bytes(errorNode(failure, 0));
    }

    private static ObjectNode errorNode(Throwable failure, int depth) {
        ObjectNode node = Json.object();
        node.put("errorMessage", failure.getMessage());
        node.put("errorType", failure.getClass().getName());
        ArrayNode trace = node.putArray("stackTrace");
        for (StackTraceElement element : failure.getStackTrace()) {
            trace.add(element.toString());
        }
        if (failure.getCause() != null && failure.getCause() != failure && depth < 5) {
            node.set("cause", errorNode(failure.getCause(), depth + 1));
        }
        return node;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause()) {
            messages.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return String.join(" <- ", messages);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
