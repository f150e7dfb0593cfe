package dev.userbase.bench.support;

/**
 * How a benchmark's {@code main} ends: exit 0 when it returns, exit 1 after printing the failure when
 * it throws. Either way at once, whatever non-daemon thread (the engine's server, an SDK client's
 * pool) is still running: a failed run must not leave the script waiting on a JVM that never ends.
 */
public final class BenchMain {

    /** A benchmark's body. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private BenchMain() {
    }

    public static void run(Body body) {
        int status = 0;
        try {
            body.run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println("benchmark failed:");
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }
}
