package dev.userbase.local.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The functions of the local stack, found by name, by ARN or by partial ARN as the Invoke API accepts
 * ({@code name}, {@code 123456789012:function:name}, {@code arn:aws:lambda:region:account:function:name},
 * each optionally with {@code :qualifier}).
 */
public final class FunctionRegistry implements AutoCloseable {

    public static final String ACCOUNT = "000000000000";

    private final String region;
    private final HandlerFactory factory;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();

    public FunctionRegistry(String region, HandlerFactory factory, Clock clock) {
        this.region = region;
        this.factory = factory;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(daemonThreads("lambda-"));
    }

    public synchronized LocalFunction register(FunctionDefinition definition) {
        if (functions.containsKey(definition.name())) {
            throw new IllegalArgumentException("function " + definition.name() + " registered twice");
        }
        LocalFunction function = new LocalFunction(definition, arn(definition.name()), factory, executor, clock);
        functions.put(definition.name(), function);
        return function;
    }

    public String arn(String name) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name;
    }

    public synchronized Collection<LocalFunction> all() {
        return java.util.List.copyOf(functions.values());
    }

    public LocalFunction get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no function " + name));
    }

    /** The function a FunctionName path parameter (URL-encoded, any of the accepted forms) names. */
    public synchronized Optional<LocalFunction> find(String functionName) {
        String name = URLDecoder.decode(functionName, StandardCharsets.UTF_8);
        String[] parts = name.split(":");
        String bare;
        if (name.startsWith("arn:")) {
            // arn:aws:lambda:region:account:function:name[:qualifier]
            bare = parts.length >= 7 ? parts[6] : "";
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            // account:function:name[:qualifier]
            bare = parts[2];
        } else {
            // name[:qualifier]
            bare = parts[0];
        }
        return Optional.ofNullable(functions.get(bare));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
