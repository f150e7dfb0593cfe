package dev.userbase.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app synthesized through {@link UsersApp#synthesize}, once per JVM and environment: jsii and
 * a full synthesis with cdk-nag take seconds, so every whole-app test reads the same result.
 */
final class SynthesizedApp {

    static final ObjectMapper JSON = new ObjectMapper();

    private static SynthesizedApp dev;
    private static SynthesizedApp prod;

    final LambdaArtifacts artifacts;
    final UsersApp.Result result;
    final JsonNode template;

    private SynthesizedApp(LambdaArtifacts artifacts, UsersApp.Result result) {
        this.artifacts = artifacts;
        this.result = result;
        try {
            this.template = JSON.readTree(result.template().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code users-dev-stack} with every default, from the real Lambda jars if they were built. */
    static synchronized SynthesizedApp dev() {
        if (dev == null) {
            LambdaArtifacts artifacts = TestInputs.appArtifacts();
            dev = new SynthesizedApp(artifacts, UsersApp.synthesize(outdir("dev"), artifacts, Map.of()));
        }
        return dev;
    }

    /** {@code users-prod-stack} with a customer-managed table key. */
    static synchronized SynthesizedApp prod() {
        if (prod == null) {
            prod = new SynthesizedApp(TestInputs.artifacts(), UsersApp.synthesize(outdir("prod"), TestInputs.artifacts(),
                    Map.of(DeploymentSettings.ENV, "prod",
                            DeploymentSettings.CALLBACK_URLS, "https://app.example.com/callback",
                            DeploymentSettings.LOGOUT_URLS, "https://app.example.com/",
                            DeploymentSettings.CORS_ORIGINS, "https://app.example.com",
                            DeploymentSettings.CUSTOMER_MANAGED_KEY, "true",
                            DeploymentSettings.ALARM_EMAIL, "oncall@example.com",
                            DeploymentSettings.EMAIL_FROM, "no-reply@mail.example.com",
                            DeploymentSettings.SES_REGION, "eu-west-1",
                            DeploymentSettings.EMAIL_CHANGE_CONFIRM_URL,
                            "https://app.example.com/email-change?token={token}")));
        }
        return prod;
    }

    private static Path outdir(String name) {
        try {
            return TestInputs.temporaryDirectory("userbase-cdk-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode resources() {
        return template.get("Resources");
    }

    /** Logical id -> resource, for every resource of {@code type}. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : resources().properties()) {
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    /** The logical id of the only resource of {@code type} whose id starts with {@code prefix}. */
    String logicalId(String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources(type).keySet().stream().filter(id -> id.startsWith(prefix)).forEach(ids::add);
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " starting with " + prefix + ", found " + ids);
        }
        return ids.get(0);
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.isTextual() ? n.asText() : n.toString()));
        } else {
            values.add(node.isTextual() ? node.asText() : node.toString());
        }
        return values;
    }
}
