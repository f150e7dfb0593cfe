package dev.userbase.local.lambda;

/** Creates a handler instance (one execution environment) of a loaded handler class. */
@FunctionalInterface
public interface HandlerFactory {

    Object create(Class<?> handlerClass) throws Exception;
}
