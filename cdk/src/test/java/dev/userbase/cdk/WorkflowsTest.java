package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.userbase.core.deploy.StackOutput;

/**
 * The GitHub workflows ({@code .github/workflows/}): valid against the GitHub workflow schema of the
 * JSON Schema Store (test data, {@code schemastore/README.md}), every action pinned by commit, AWS
 * credentials only through OIDC, and in agreement with the CI stack and the users stack.
 */
class WorkflowsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path WORKFLOWS = root().resolve(".github/workflows");
    /** {@code uses: owner/repo@<40 hex> # vX.Y.Z}: a full commit, and the release it is. */
    private static final Pattern PINNED = Pattern.compile(
            "^\\s*(?:-\\s+)?uses:\\s+([\\w.-]+/[\\w.-]+)@([0-9a-f]{40})\\s+#\\s+(v\\d+\\.\\d+\\.\\d+)\\s*$");
    private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s+(\\S+)");
    private static final JsonSchema SCHEMA = schema();

    @Test
    void everyWorkflow_isValidAgainstTheGitHubWorkflowSchema() {
        List<Path> files = workflowFiles();
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("ci.yml", "deploy.yml", "deploy-stage.yml");
        for (Path file : files) {
            Set<ValidationMessage> errors = SCHEMA.validate(read(file));
            assertThat(errors).as("%s against the workflow schema", file.getFileName()).isEmpty();
        }
    }

    @Test
    void theSchema_rejectsWhatGitHubWouldRefuse() throws IOException {
        // A misspelt key, a job without runs-on, a permission level that does not exist.
        JsonNode broken = YAML.readTree("""
                name: broken
                on: push
                permission:
                  contents: read
                jobs:
                  build:
                    steps:
                      - run: echo
                """);
        JsonNode badPermission = YAML.readTree("""
                on: push
                permissions:
                  id-token: admin
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo
                """);
        assertThat(SCHEMA.validate(broken)).isNotEmpty();
        assertThat(SCHEMA.validate(badPermission)).isNotEmpty();
        // Our own deploy job with one misspelt key.
        JsonNode misspelt = read(WORKFLOWS.resolve("deploy-stage.yml"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) misspelt.at("/jobs/deploy")).put("timeout-minute", 60);
        assertThat(SCHEMA.validate(misspelt)).isNotEmpty();
    }

    @Test
    void everyAction_isPinnedByFullCommit_namingItsRelease_andTheSameActionHasOnePin() throws IOException {
        Map<String, String> pins = new HashMap<>();
        int actions = 0;
        for (Path file : workflowFiles()) {
            for (String line : Files.readAllLines(file)) {
                Matcher uses = USES.matcher(line);
                if (!uses.find()) {
                    continue;
                }
                String target = uses.group(1);
                if (target.startsWith("./")) {
                    assertThat(root().resolve(target.substring(2))).as("local workflow %s", target).isRegularFile();
                    continue;
                }
                Matcher pinned = PINNED.matcher(line);
                assertThat(pinned.matches()).as("%s: '%s' must be pinned as owner/repo@<commit> # vX.Y.Z",
                        file.getFileName(), line.strip()).isTrue();
                String previous = pins.putIfAbsent(pinned.group(1), pinned.group(2) + " " + pinned.group(3));
                assertThat(previous).as("one pin for %s", pinned.group(1))
                        .isIn(null, pinned.group(2) + " " + pinned.group(3));
                actions++;
            }
        }
        assertThat(pins).containsOnlyKeys("actions/checkout", "actions/setup-java", "actions/setup-node",
                "actions/upload-artifact", "aws-actions/configure-aws-credentials");
        assertThat(actions).isGreaterThan(8);
    }

    @Test
    void awsCredentials_comeOnlyFromTheOidcToken_neverFromStoredKeys() throws IOException {
        for (Path file : workflowFiles()) {
            String text = Files.readString(file);
            assertThat(text).as(file.getFileName().toString())
                    .doesNotContainIgnoringCase("aws-access-key-id")
                    .doesNotContainIgnoringCase("aws-secret-access-key")
                    .doesNotContain("AWS_SECRET_ACCESS_KEY")
                    .doesNotContain("AWS_ACCESS_KEY_ID")
                    .doesNotContain("secrets.");
        }
        JsonNode stage = read(WORKFLOWS.resolve("deploy-stage.yml"));
        Map<String, String> permissions = new HashMap<>();
        stage.get("permissions").properties().forEach(e -> permissions.put(e.getKey(), e.getValue().asText()));
        assertThat(permissions).containsExactlyInAnyOrderEntriesOf(Map.of("id-token", "write", "contents", "read"));
        List<JsonNode> credentials = steps(stage.at("/jobs/deploy"), "aws-actions/configure-aws-credentials");
        assertThat(credentials).hasSize(2);
        JsonNode deploy = credentials.get(0).get("with");
        assertThat(deploy.get("role-to-assume").asText()).isEqualTo("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        assertThat(deploy.has("role-chaining")).as("the first assumption uses the OIDC token").isFalse();
        JsonNode smoke = credentials.get(1).get("with");
        assertThat(smoke.get("role-chaining").asBoolean()).isTrue();
        assertThat(smoke.get("role-skip-session-tagging").asBoolean())
                .as("the smoke-test role's trust has no sts:TagSession").isTrue();

        JsonNode deployWorkflow = read(WORKFLOWS.resolve("deploy.yml"));
        assertThat(deployWorkflow.get("permissions").isEmpty()).as("no default permissions").isTrue();
        for (String job : List.of("dev", "prod")) {
            assertThat(deployWorkflow.at("/jobs/" + job + "/permissions/id-token").asText()).isEqualTo("write");
            assertThat(deployWorkflow.at("/jobs/" + job + "/permissions/contents").asText()).isEqualTo("read");
        }
        JsonNode ci = read(WORKFLOWS.resolve("ci.yml"));
        assertThat(ci.toString()).as("CI never asks for an OIDC token").doesNotContain("id-token");
    }

    @Test
    void deploy_testsFirst_thenDevThenProd_eachInItsEnvironment_neverTwoAtOnce() {
        JsonNode deploy = read(WORKFLOWS.resolve("deploy.yml"));
        assertThat(deploy.at("/on/push/branches").toString()).isEqualTo("[\"main\"]");
        assertThat(deploy.at("/jobs/ci/uses").asText()).isEqualTo("./.github/workflows/ci.yml");
        assertThat(deploy.at("/jobs/dev/needs").asText()).isEqualTo("ci");
        assertThat(deploy.at("/jobs/dev/with/stage").asText()).isEqualTo("dev");
        assertThat(deploy.at("/jobs/prod/needs").asText()).isEqualTo("dev");
        assertThat(deploy.at("/jobs/prod/with/stage").asText()).isEqualTo("prod");
        // The stages deployed are the environments the CI stack's deploy role trusts by default.
        assertThat(List.of("dev", "prod")).isEqualTo(CiSettings.fromContext(
                Map.<String, Object>of(CiSettings.REPOSITORY, "o/r")::get).environments());

        JsonNode job = read(WORKFLOWS.resolve("deploy-stage.yml")).at("/jobs/deploy");
        assertThat(job.get("environment").asText()).isEqualTo("${{ inputs.stage }}");
        assertThat(job.at("/concurrency/group").asText()).isEqualTo("deploy-${{ inputs.stage }}");
        assertThat(job.at("/concurrency/cancel-in-progress").asBoolean(true)).isFalse();
        assertThat(job.at("/env/STACK").asText()).isEqualTo("users-${{ inputs.stage }}-stack");
    }

    @Test
    void deployStage_diffsIntoTheSummary_deploys_thenSmokeTestsWithTheStacksRole() {
        List<String> runs = new ArrayList<>();
        read(WORKFLOWS.resolve("deploy-stage.yml")).at("/jobs/deploy/steps")
                .forEach(step -> runs.add(step.path("run").asText()));
        String synth = find(runs, "-Psynth");
        assertThat(synth).contains("-pl cdk -am package", "-c env=$STAGE");
        String diff = find(runs, "cdk diff");
        assertThat(diff).contains("--app cdk/cdk.out", "\"$STACK\"", "$GITHUB_STEP_SUMMARY");
        String deploy = find(runs, "cdk deploy");
        assertThat(deploy).contains("--app cdk/cdk.out", "--require-approval never", "--outputs-file cdk-outputs.json",
                "\"$STACK\"");
        assertThat(runs.indexOf(diff)).isLessThan(runs.indexOf(deploy));
        String role = find(runs, "smoke-test-role=");
        assertThat(role).contains("." + StackOutput.SMOKE_TEST_ROLE_ARN.key());
        String smoke = find(runs, "scripts/smoke");
        assertThat(smoke).contains("--stack \"$STACK\"", "--region \"$AWS_REGION\"");
        assertThat(runs.indexOf(deploy)).isLessThan(runs.indexOf(smoke));
        assertThat(root().resolve("scripts/smoke")).isExecutable();
    }

    @Test
    void ci_runsExactlyWhatCiRunRuns_thenSynthesizesWithCdkNag_andKeepsReportsAndTemplate() throws IOException {
        JsonNode ci = read(WORKFLOWS.resolve("ci.yml"));
        assertThat(ci.at("/on/workflow_call").isMissingNode()).as("deploy.yml calls it").isFalse();
        assertThat(ci.has("on")).isTrue();
        List<String> runs = new ArrayList<>();
        ci.at("/jobs/test/steps").forEach(step -> runs.add(step.path("run").asText()));
        assertThat(runs).contains(".ci/run");
        assertThat(Files.readString(root().resolve(".ci/run"))).contains("exec mvn -B -ntp verify");
        assertThat(find(runs, "-Psynth")).isEqualTo("mvn -B -ntp -Psynth -pl cdk -am package -DskipTests");
        List<JsonNode> uploads = steps(ci.at("/jobs/test"), "actions/upload-artifact");
        assertThat(uploads).extracting(u -> u.at("/with/name").asText()).containsExactly("test-reports", "cdk-template");
        assertThat(uploads).allMatch(u -> u.path("if").asText().equals("always()"));
        assertThat(uploads.get(1).at("/with/path").asText()).contains("cdk/cdk.out/*.template.json");
        JsonNode java = steps(ci.at("/jobs/test"), "actions/setup-java").get(0).get("with");
        assertThat(java.get("java-version").asText()).isEqualTo("17");
        assertThat(java.get("cache").asText()).isEqualTo("maven");
    }

    private static String find(List<String> runs, String fragment) {
        return runs.stream().filter(run -> run.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no step runs " + fragment + ": " + runs));
    }

    private static List<JsonNode> steps(JsonNode job, String action) {
        List<JsonNode> found = new ArrayList<>();
        job.path("steps").forEach(step -> {
            if (step.path("uses").asText().startsWith(action + "@")) {
                found.add(step);
            }
        });
        return found;
    }

    private static List<Path> workflowFiles() {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema schema() {
        try (InputStream in = WorkflowsTest.class.getResourceAsStream("/schemastore/github-workflow.json")) {
            assertThat(in).as("schemastore/github-workflow.json on the test classpath").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        String root = System.getProperty(TestInputs.PROJECT_ROOT);
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }
}
