package dev.userbase.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import dev.userbase.core.deploy.StackOutput;
import dev.userbase.core.table.UsersTable;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.local.testing.LocalStackExtension;
import dev.userbase.smoke.Deployment;
import dev.userbase.smoke.EventsFile;
import dev.userbase.smoke.PublishedEvents;
import dev.userbase.smoke.SmokeTest;
import dev.userbase.smoke.StackOutputs;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deployment smoke test ({@code scripts/smoke}) against the local stack, through the
 * {@code outputs.json} the stack writes with a deployed stack's output keys: it passes, it removes what it
 * created, and it fails, naming the check, when the API answers an unsigned call or an event never
 * reaches the bus's log.
 */
class LocalStackSmokeIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(WINDOW);

    private static CognitoIdentityProviderClient cognito;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void clients() {
        cognito = CognitoIdentityProviderClient.builder().endpointOverride(local.stack().cognitoEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        dynamoDb = DynamoDbClient.builder().endpointOverride(local.stack().dynamoDbEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (cognito != null) {
            cognito.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void outputsFile_hasTheKeysOfADeployedStack_withTheLocalValues() throws IOException {
        JsonNode outputs = Json.parse(Files.readAllBytes(local.stack().settings().outputsFile()));
        List<String> keys = new ArrayList<>();
        outputs.fieldNames().forEachRemaining(keys::add);

        assertThat(keys).containsExactlyElementsOf(StackOutput.keys());
        assertThat(outputs.get("ApiUrl").asText()).isEqualTo(local.stack().apiUrl() + "/");
        assertThat(outputs.get("UserPoolId").asText()).isEqualTo(local.stack().userPool().userPoolId());
        assertThat(outputs.get("UserPoolProviderUrl").asText())
                .isEqualTo(local.stack().cognitoEndpoint().toString().replaceAll("/$", "") + "/" + local.stack().userPool().userPoolId());
        assertThat(Path.of(outputs.get("EventLogGroupName").asText())).isEqualTo(
                local.stack().settings().eventsFile().toAbsolutePath().normalize()).exists();
        // What only AWS has is null, never a made-up value.
        for (String key : List.of("ApiId", "SmokeTestRoleArn", "AlarmTopicArn", "CursorSigningKeyArn", "DashboardName")) {
            assertThat(outputs.get(key).isNull()).as(key).isTrue();
        }
    }

    @Test
    void smokeTest_passesAgainstTheLocalStack_andLeavesNoTestUserBehind() {
        SmokeTest.Report report;
        try (Deployment deployment = Deployment.local(local.stack().settings().outputsFile())) {
            report = new SmokeTest(deployment, settings(Duration.ofSeconds(30))).run();
        }

        assertThat(report.checks()).as(report.text()).hasSize(8)
                .allMatch(check -> check.outcome() == SmokeTest.Outcome.PASSED);
        assertThat(report.passed()).isTrue();
        assertThat(report.users()).hasSize(2).allMatch(user -> user.userId().isPresent());
        assertNothingLeft(report);
        String a = report.users().get(0).userId().orElseThrow();
        String b = report.users().get(1).userId().orElseThrow();
        assertThat(dynamoDb.getItem(r -> r.tableName(LocalStack.USERS_TABLE).key(Map.of(
                UsersTable.PK, AttributeValue.fromS("USER#" + a),
                UsersTable.SK, AttributeValue.fromS("FOLLOWS#" + b)))).hasItem())
                .as("the follow edge is gone").isFalse();
    }

    @Test
    void smokeTest_whenTheApiAnswersAnUnsignedCall_failsThatCheck_andStillCleansUp() throws Exception {
        HttpServer careless = carelessGateway(URI.create(local.stack().apiUrl()));
        try {
            Path outputs = Files.createTempDirectory("userbase-smoke-careless").resolve("outputs.json");
            ObjectNode json = (ObjectNode) Json.parse(Files.readAllBytes(local.stack().settings().outputsFile()));
            json.put("ApiUrl", "http://127.0.0.1:" + careless.getAddress().getPort() + "/");
            Files.writeString(outputs, Json.string(json));

            SmokeTest.Report report;
            try (Deployment deployment = Deployment.local(outputs)) {
                report = new SmokeTest(deployment, settings(Duration.ofSeconds(30))).run();
            }

            assertThat(report.passed()).isFalse();
            assertThat(report.checks()).as(report.text())
                    .filteredOn(check -> check.outcome() != SmokeTest.Outcome.PASSED)
                    .singleElement()
                    .satisfies(check -> {
                        assertThat(check.name()).contains("unsigned call is refused");
                        assertThat(check.detail()).contains("without a token answered 200");
                    });
            assertNothingLeft(report);
        } finally {
            careless.stop(0);
        }
    }

    @Test
    void smokeTest_whenAnEventNeverReachesTheLog_failsNamingIt_andStillCleansUp() throws Exception {
        EventsFile log = new EventsFile(local.stack().settings().eventsFile());
        PublishedEvents withoutFollows = (users, since) -> log.about(users, since).stream()
                .filter(event -> !event.path("detail-type").asText().equals("user.followed"))
                .toList();
        CognitoIdentityProviderClient client = CognitoIdentityProviderClient.builder()
                .endpointOverride(local.stack().cognitoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();

        SmokeTest.Report report;
        try (Deployment deployment = new Deployment("the local stack, its follows lost",
                StackOutputs.fromFile(local.stack().settings().outputsFile()), client, withoutFollows, List.of(client))) {
            report = new SmokeTest(deployment, settings(Duration.ofSeconds(5))).run();
        }

        assertThat(report.passed()).isFalse();
        SmokeTest.Check events = report.checks().stream().filter(c -> c.name().startsWith("user.created"))
                .findFirst().orElseThrow();
        assertThat(events.outcome()).as(report.text()).isEqualTo(SmokeTest.Outcome.FAILED);
        assertThat(events.detail()).contains("waited 5 s", "user.followed").contains("user.created");
        assertThat(report.checks()).filteredOn(c -> c != events)
                .allMatch(c -> c.outcome() == SmokeTest.Outcome.PASSED);
        assertNothingLeft(report);
    }

    private static SmokeTest.Settings settings(Duration timeout) {
        return new SmokeTest.Settings(timeout, Duration.ofMillis(200), "example.com", Clock.systemUTC());
    }

    /** Neither Cognito user remains, and both profiles are DELETED (erased when their grace period ends). */
    private static void assertNothingLeft(SmokeTest.Report report) {
        assertThat(report.users()).hasSize(2);
        for (SmokeTest.CreatedUser user : report.users()) {
            assertThatThrownBy(() -> cognito.adminGetUser(r -> r.userPoolId(local.stack().userPool().userPoolId())
                    .username(user.email()))).as(user.email()).isInstanceOf(UserNotFoundException.class);
            String id = user.userId().orElseThrow();
            Map<String, AttributeValue> profile = dynamoDb.getItem(r -> r.tableName(LocalStack.USERS_TABLE)
                    .key(Map.of(UsersTable.PK, AttributeValue.fromS("USER#" + id),
                            UsersTable.SK, AttributeValue.fromS("PROFILE")))).item();
            assertThat(profile.get("status").s()).as("profile of %s", user.email()).isEqualTo("DELETED");
        }
    }

    /**
     * A gateway with a hole: it answers 200 to any request without a token, and passes signed ones to
     * the real API, so only the smoke test's unsigned check can notice.
     */
    private static HttpServer carelessGateway(URI api) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                byte[] answer;
                int status;
                String type;
                if (authorization == null) {
                    status = 200;
                    type = "application/json";
                    answer = "{\"userId\":\"anonymous\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(exchange.getRequestURI().toString()))
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()))
                            .header("Authorization", authorization);
                    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    type = response.headers().firstValue("Content-Type").orElse("application/json");
                    answer = response.body();
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }
}
