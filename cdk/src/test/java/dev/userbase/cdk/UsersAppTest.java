package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.api.ApiFunction;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.Queue;

class UsersAppTest {

    @Test
    void synthesize_writesTheStackTemplateAndTheAssetsToTheOutputDirectory() {
        UsersApp.Result result = SynthesizedApp.dev().result;
        assertThat(result.template()).exists().hasFileName("users-dev-stack.template.json");
        assertThat(result.template().getParent()).isEqualTo(result.outdir());
        assertThat(result.outdir().resolve("manifest.json")).exists();
        assertThat(result.outdir().resolve("users-dev-stack.assets.json")).exists()
                .content().contains(".jar");
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void synthesize_stagesTheLambdaJarsItWasGiven_theBuiltOnesWhenPresent() throws Exception {
        SynthesizedApp dev = SynthesizedApp.dev();
        TestInputs.builtArtifacts().ifPresent(built -> assertThat(dev.artifacts).isEqualTo(built));
        JsonNode assets = SynthesizedApp.JSON.readTree(dev.result.outdir().resolve("users-dev-stack.assets.json").toFile());
        List<Long> staged = new ArrayList<>();
        assets.path("files").forEach(file -> {
            String path = file.at("/source/path").asText();
            if (path.endsWith(".jar")) {
                staged.add(dev.result.outdir().resolve(path).toFile().length());
            }
        });
        List<Long> given = List.of(dev.artifacts.triggersJar(), dev.artifacts.apiHandlersJar(),
                dev.artifacts.streamHandlersJar()).stream().map(p -> p.toFile().length()).toList();
        assertThat(staged).containsExactlyInAnyOrderElementsOf(given);
        // Each handler class is in the jar its functions are deployed from, when the jars are the real ones.
        if (TestInputs.builtArtifacts().isPresent()) {
            Map<Path, List<String>> classes = Map.of(
                    dev.artifacts.triggersJar(), List.of(Handlers.PRE_SIGN_UP, Handlers.POST_CONFIRMATION,
                            Handlers.PRE_TOKEN_GENERATION, Handlers.POST_AUTHENTICATION, Handlers.USER_MIGRATION,
                            Handlers.BACKFILL, Handlers.RECONCILE),
                    dev.artifacts.apiHandlersJar(), java.util.Arrays.stream(ApiFunction.values())
                            .map(ApiFunction::handlerClass).toList(),
                    dev.artifacts.streamHandlersJar(), List.of(Handlers.FOLLOW_COUNTER, Handlers.CHANGE_STREAM));
            for (Map.Entry<Path, List<String>> jar : classes.entrySet()) {
                try (JarFile file = new JarFile(jar.getKey().toFile())) {
                    for (String handler : jar.getValue()) {
                        assertThat(file.getEntry(handler.replace('.', '/') + ".class")).as(handler).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void checkAndSynthesize_reportsCdkNagErrors() throws Exception {
        App app = App.Builder.create().outdir(TestInputs.temporaryDirectory("userbase-cdk-nag").toString()).build();
        Stack stack = new Stack(app, "careless");
        // No TLS enforcement and no dead-letter queue: two AWS Solutions errors.
        Queue.Builder.create(stack, "Queue").build();
        UsersApp.Result result = UsersApp.checkAndSynthesize(app, "careless");
        assertThat(result.errors()).anyMatch(e -> e.contains("AwsSolutions-SQS4"))
                .anyMatch(e -> e.contains("AwsSolutions-SQS3"))
                .allMatch(e -> e.startsWith("/careless/Queue/"));
    }

    @Test
    void checkAndSynthesize_countsWarningLevelNagFindingsAsErrors() throws Exception {
        App app = App.Builder.create().outdir(TestInputs.temporaryDirectory("userbase-cdk-nag-warning").toString()).build();
        Stack stack = new Stack(app, "forgetful");
        // No point-in-time recovery: AwsSolutions-DDB3, a rule of warning level.
        software.amazon.awscdk.services.dynamodb.Table.Builder.create(stack, "Table")
                .partitionKey(software.amazon.awscdk.services.dynamodb.Attribute.builder().name("pk")
                        .type(software.amazon.awscdk.services.dynamodb.AttributeType.STRING).build())
                .build();
        UsersApp.Result result = UsersApp.checkAndSynthesize(app, "forgetful");
        assertThat(result.errors()).anyMatch(e -> e.contains("AwsSolutions-DDB3") && e.startsWith("/forgetful/Table/"));
        assertThat(result.warnings()).noneMatch(w -> w.contains("AwsSolutions-"));
    }

    @Test
    void production_retainsDataAndProtectsItFromDeletion() {
        SynthesizedApp prod = SynthesizedApp.prod();
        assertThat(prod.result.errors()).isEmpty();
        assertThat(prod.result.stackName()).isEqualTo("users-prod-stack");
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::Cognito::UserPool", "AWS::KMS::Key")) {
            prod.resources(type).forEach((id, resource) ->
                    assertThat(resource.path("DeletionPolicy").asText()).as(id).isEqualTo("Retain"));
        }
        prod.resources("AWS::DynamoDB::Table").forEach((id, table) -> {
            assertThat(table.at("/Properties/DeletionProtectionEnabled").asBoolean()).as(id).isTrue();
            // The customer-managed key, on request.
            assertThat(table.at("/Properties/SSESpecification/KMSMasterKeyId/Fn::GetAtt/0").asText()).startsWith("TableKey");
        });
        JsonNode pool = prod.resources("AWS::Cognito::UserPool").values().iterator().next();
        assertThat(pool.at("/Properties/DeletionProtection").asText()).isEqualTo("ACTIVE");
        // Production mail goes through SES, from the configured sender.
        assertThat(pool.at("/Properties/EmailConfiguration/EmailSendingAccount").asText()).isEqualTo("DEVELOPER");
        assertThat(pool.at("/Properties/EmailConfiguration/From").asText()).isEqualTo("no-reply@mail.example.com");
        JsonNode manifest = readManifest(prod.result.outdir());
        assertThat(manifest.at("/artifacts/users-prod-stack/properties/terminationProtection").asBoolean()).isTrue();
    }

    @Test
    void production_functionsGetTheirKeyAccessOnlyWithTheTableActions() {
        SynthesizedApp prod = SynthesizedApp.prod();
        // Read-only stays read-only with a customer key too.
        String role = prod.logicalId("AWS::IAM::Role", "DirectoryPreTokenGenerationRole");
        List<String> kms = PolicyStatements.all(prod).stream()
                .filter(f -> f.type().equals("AWS::IAM::Policy"))
                .filter(f -> prod.resources("AWS::IAM::Policy").get(f.logicalId()).at("/Properties/Roles/0/Ref")
                        .asText().equals(role))
                .flatMap(f -> f.actions().stream())
                .filter(a -> a.startsWith("kms:"))
                .toList();
        assertThat(kms).containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey");
    }

    @Test
    void report_printsWhereTheTemplateIs_orEveryError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        UsersApp.Result ok = new UsersApp.Result(Path.of("out"), "users-dev-stack",
                Path.of("out/users-dev-stack.template.json"), List.of(), List.of("w1"));
        UsersApp.report(ok, stream(out), stream(err));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Synthesized users-dev-stack");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[warning] w1");

        ByteArrayOutputStream failures = new ByteArrayOutputStream();
        UsersApp.Result failed = new UsersApp.Result(Path.of("out"), "users-dev-stack",
                Path.of("out/users-dev-stack.template.json"), List.of("AwsSolutions-SQS3: no DLQ"), List.of());
        UsersApp.report(failed, stream(new ByteArrayOutputStream()), stream(failures));
        assertThat(failures.toString(StandardCharsets.UTF_8))
                .contains("[error] AwsSolutions-SQS3: no DLQ", "1 error(s)", "must not be deployed");
    }

    @Test
    void arguments_takeTheJarsFromTheBuild_andContextPairs() {
        Path root = TestInputs.root();
        UsersApp.Arguments arguments = UsersApp.Arguments.parse(new String[] {
            "--outdir", "target/x", "--project-root", root.toString(), "--version", "0.0.0-test",
            "-c", "env=qa", "--context", "corsOrigins=https://a.example,https://b.example"});
        assertThat(arguments.outdir()).isEqualTo(Path.of("target/x"));
        assertThat(arguments.artifacts().triggersJar())
                .isEqualTo(root.resolve("triggers/target/userbase-triggers-0.0.0-test-lambda.jar"));
        assertThat(arguments.context()).containsExactly(
                Map.entry("env", "qa"), Map.entry("corsOrigins", "https://a.example,https://b.example"));
    }

    @Test
    void arguments_whenIncomplete_sayWhatIsMissing() {
        assertThatThrownBy(() -> UsersApp.Arguments.parse(new String[] {"--outdir", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Lambda jars are required");
        assertThatThrownBy(() -> UsersApp.Arguments.parse(new String[] {"--project-root", "."}))
                .hasMessageContaining("--version");
        assertThatThrownBy(() -> UsersApp.Arguments.parse(new String[] {"--verbose"}))
                .hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> UsersApp.Arguments.parse(new String[] {"-c", "env"}))
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> UsersApp.Arguments.parse(new String[] {"--project-root", "/nowhere", "--version", "1"}))
                .hasMessageContaining("/nowhere/triggers/target/userbase-triggers-1-lambda.jar")
                .hasMessageContaining("mvn -B -pl triggers -am package");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static JsonNode readManifest(Path outdir) {
        try {
            return SynthesizedApp.JSON.readTree(outdir.resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
