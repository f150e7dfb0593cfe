package dev.userbase.bench.coldstart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userbase.bench.support.ChildJvm;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;

/**
 * One cold-start comparison run by {@link ColdStartBenchmark}: which Lambda jar, which programs (each
 * a fresh JVM that constructs a handler, invokes it and exits), the environment they get, and what
 * is seeded before and checked after each run. The driver owns everything else (the DynamoDB engine, the
 * X-Ray daemon stand-in, pinning, interleaving, timing, the report, the class-load diagnosis).
 *
 * <p>A measured program prints one line {@code TIMING name=value …} (milliseconds or counts); the
 * driver reports each value's median beside the wall time. Its last argument is the run's id.
 */
public interface ColdStartSuite {

    /** A measured program: the classpath it runs on, its main class and arguments (before the run id). */
    record Variant(String name, String classpath, String mainClass, List<String> args, List<String> jvmOptions) {

        /** The same program with extra JVM options: a what-if measured in the same interleaved runs. */
        public Variant with(List<String> extraOptions) {
            List<String> options = new java.util.ArrayList<>(jvmOptions);
            options.addAll(extraOptions);
            return new Variant(name + " " + String.join(" ", extraOptions), classpath, mainClass, args, options);
        }
    }

    /** What is measured, for the report's heading. */
    String title();

    /** The deployable jar measured, relative to the repository root. */
    Path defaultLambdaJar() throws java.io.IOException;

    /** JVM options of every measured JVM (Lambda's: C1 only, and so on). */
    List<String> jvmOptions();

    /**
     * The programs to compare. {@code launcher} is a directory to put on a handler's classpath after
     * the Lambda jar: it holds {@link #launcherClasses()} only.
     */
    List<Variant> variants(Path lambdaJar, Path launcher, Map<String, String> options) throws java.io.IOException;

    /** The bench classes a measured program on the Lambda jar needs (copied with their nested classes). */
    List<Class<?>> launcherClasses();

    /** Creates the tables and seeds what every run reads. */
    void setUp(LocalDynamoDb db) throws Exception;

    /** The measured JVMs' environment (as Lambda would set it), given the database and the X-Ray daemon's port. */
    Map<String, String> environment(LocalDynamoDb db, int xrayDaemonPort);

    /** Seeds what run {@code run} of {@code variant} needs. */
    default void beforeRun(LocalDynamoDb db, Variant variant, String run) {
    }

    /** Checks that the run did its work; throws if not. */
    void afterRun(LocalDynamoDb db, Variant variant, String run, ChildJvm.Run result);

    /** Checks across variants once all runs are done (say, that they wrote the same items). */
    default void afterAll(LocalDynamoDb db, Map<Variant, String> lastRunOf) {
    }

    /** Labels of the {@code TIMING} values, in report order. */
    Map<String, String> columns();

    /** The variant the others are compared with, if any (ratios, and the class-load diagnosis). */
    Optional<Variant> baseline(List<Variant> variants);

    /** The figure the suite is judged by, written under the table (may be empty). */
    default String target() {
        return "";
    }
}
