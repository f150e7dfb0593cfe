package dev.userbase.local.lambda;

import java.lang.reflect.Constructor;
import java.time.Clock;

import dev.userbase.core.aws.AwsClients;

/**
 * Creates handlers the way the local stack wires them: through their public
 * {@code (AwsClients, Clock)} constructor (every handler of the project has one), so they use the
 * stack's endpoints and credentials; a handler without it gets its no-arg constructor, as in Lambda.
 */
public final class ReflectiveHandlerFactory implements HandlerFactory {

    private final AwsClients clients;
    private final Clock clock;

    public ReflectiveHandlerFactory(AwsClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public Object create(Class<?> handlerClass) throws Exception {
        try {
            Constructor<?> wired = handlerClass.getConstructor(AwsClients.class, Clock.class);
            return wired.newInstance(clients, clock);
        } catch (NoSuchMethodException e) {
            return handlerClass.getConstructor().newInstance();
        }
    }

    /** Whether a handler class can be loaded at all (its module may not be on the classpath yet). */
    public static boolean available(String className) {
        try {
            Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
