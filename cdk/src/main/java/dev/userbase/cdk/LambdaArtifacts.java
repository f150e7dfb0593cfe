package dev.userbase.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import software.amazon.awscdk.services.lambda.Code;

/**
 * Where the three deployable Lambda jars are. The real app points at the handler modules' build
 * output; tests point at small placeholder jars, so the stack can be synthesized without building
 * the handlers.
 */
public record LambdaArtifacts(Path triggersJar, Path apiHandlersJar, Path streamHandlersJar) {

    public LambdaArtifacts {
        triggersJar = existing(triggersJar, "triggers");
        apiHandlersJar = existing(apiHandlersJar, "api-handlers");
        streamHandlersJar = existing(streamHandlersJar, "stream-handlers");
    }

    /** The shaded jars the handler modules build: {@code <module>/target/userbase-<module>-<version>-lambda.jar}. */
    public static LambdaArtifacts fromBuild(Path projectRoot, String version) {
        return new LambdaArtifacts(
                moduleJar(projectRoot, "triggers", version),
                moduleJar(projectRoot, "api-handlers", version),
                moduleJar(projectRoot, "stream-handlers", version));
    }

    static Path moduleJar(Path projectRoot, String module, String version) {
        return projectRoot.resolve(module).resolve("target").resolve("userbase-" + module + "-" + version + "-lambda.jar");
    }

    public Code triggersCode() {
        return Code.fromAsset(triggersJar.toString());
    }

    public Code apiHandlersCode() {
        return Code.fromAsset(apiHandlersJar.toString());
    }

    public Code streamHandlersCode() {
        return Code.fromAsset(streamHandlersJar.toString());
    }

    private static Path existing(Path jar, String module) {
        Objects.requireNonNull(jar, module + " jar");
        Path absolute = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("the " + module + " Lambda jar does not exist: " + absolute
                    + " (build it first: mvn -B -pl " + module + " -am package -DskipTests)");
        }
        return absolute;
    }
}
