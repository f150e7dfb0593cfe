package dev.userbase.core.aws;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once: SDK clients and services that a function may never need are not built at
 * its cold start, and a container serving requests on several threads still builds each only once.
 */
public final class Lazy<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = Objects.requireNonNull(factory.get(), "factory.get()");
                    value = result;
                }
            }
        }
        return result;
    }

    /** Whether {@link #get()} has built the value. */
    public boolean built() {
        return value != null;
    }
}
