package dev.userbase.local.cognito;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;

/**
 * cognito-local (the npm package, installed into the project by the build) as a child process: its
 * configuration written before it starts (triggers pointing at the local Lambda endpoint, tokens
 * issued for this address), its console forwarded (so confirmation codes reach the developer) and
 * read for codes, stopped with the stack. Its stdin stays open while the stack runs: the wrapper
 * script exits when it closes, so even a killed JVM leaves no node process behind.
 */
public final class CognitoLocal implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(CognitoLocal.class);

    private final Process process;
    private final URI endpoint;
    private final Deque<String> recentOutput = new ArrayDeque<>();

    private CognitoLocal(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** What to start: where cognito-local is installed, where it keeps its data, how it is wired. */
    public record Settings(
            Path nodeModules,
            Path wrapperScript,
            Path workDirectory,
            String host,
            int port,
            URI lambdaEndpoint,
            String region,
            Map<String, String> triggerFunctions,
            boolean echoConsole) {
    }

    public static CognitoLocal start(Settings settings, ConfirmationCodes codes) throws IOException {
        if (!Files.isRegularFile(settings.nodeModules().resolve("cognito-local/package.json"))) {
            throw new IllegalStateException("cognito-local is not installed in " + settings.nodeModules()
                    + ": build the project (mvn -pl local -am package) or run local/npm-install");
        }
        Path configDir = settings.workDirectory().resolve(".cognito");
        Files.createDirectories(configDir);
        Files.write(configDir.resolve("config.json"), Json.bytes(config(settings)));

        String node = System.getenv().getOrDefault("NODE", "node");
        ProcessBuilder builder = new ProcessBuilder(node, settings.wrapperScript().toAbsolutePath().toString(),
                settings.nodeModules().toAbsolutePath().toString())
                .directory(settings.workDirectory().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PORT", Integer.toString(settings.port()));
        builder.environment().put("HOST", settings.host());
        builder.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        builder.environment().put("NODE_NO_WARNINGS", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + node + "' (Node.js 18+ is needed for cognito-local)", e);
        }
        CognitoLocal cognito = new CognitoLocal(process, URI.create("http://" + settings.host() + ":" + settings.port()));
        java.io.PrintStream out = System.out;
        Thread console = new Thread(() -> cognito.forward(codes, settings.echoConsole() ? out : null), "cognito-local-console");
        console.setDaemon(true);
        console.start();
        return cognito;
    }

    static ObjectNode config(Settings settings) {
        ObjectNode config = Json.object();
        ObjectNode lambda = config.putObject("LambdaClient");
        lambda.put("endpoint", settings.lambdaEndpoint().toString());
        lambda.put("region", settings.region());
        lambda.putObject("credentials").put("accessKeyId", "local").put("secretAccessKey", "local");
        ObjectNode triggers = config.putObject("TriggerFunctions");
        settings.triggerFunctions().forEach(triggers::put);
        config.putObject("TokenConfig").put("IssuerDomain", "http://" + settings.host() + ":" + settings.port());
        config.putObject("ServerConfig").put("hostname", settings.host()).put("port", settings.port());
        config.putObject("UserPoolDefaults").putArray("UsernameAttributes").add("email");
        return config;
    }

    private void forward(ConfirmationCodes codes, java.io.PrintStream echo) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                codes.accept(line);
                synchronized (recentOutput) {
                    recentOutput.addLast(line);
                    if (recentOutput.size() > 40) {
                        recentOutput.removeFirst();
                    }
                }
                if (echo != null) {
                    echo.println("[cognito-local] " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Waits until cognito-local answers its health check. */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cognito-local exited with " + process.exitValue() + ":\n" + recentOutput());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("cognito-local did not answer on " + endpoint + " within " + timeout.toSeconds()
                + " s:\n" + recentOutput());
    }

    private String recentOutput() {
        synchronized (recentOutput) {
            return String.join("\n", List.copyOf(recentOutput));
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close(); // the wrapper exits when its stdin closes
        } catch (IOException e) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.debug("cognito-local stopped");
    }
}
