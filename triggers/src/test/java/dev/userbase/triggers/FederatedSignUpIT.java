package dev.userbase.triggers;

import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;

/**
 * Federated sign-ups end to end: the PreSignUp handler, DynamoDB Local, and the real Cognito SDK
 * client talking to a stand-in Cognito endpoint that records what it is asked.
 */
class FederatedSignUpIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final String EMAIL = "carla.diaz@gmail.com";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<JsonNode> calls = new CopyOnWriteArrayList<>();
    private volatile String ownerStatus = "CONFIRMED";
    private HttpServer cognito;

    @BeforeEach
    void startCognito() throws IOException {
        cognito = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cognito.createContext("/", this::answer);
        cognito.start();
    }

    @AfterEach
    void stopCognito() {
        cognito.stop(0);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void link_callsCognitoWithTheNativeOwnerAndTheProviderIdentity(CognitoUserPoolPreSignUpEvent event) {
        ownAddress();
        var answer = EventJson.answer(event, e -> handler("LINK").handleRequest(e, new LambdaTestContext("req-1")));

        assertThat(answer.changes()).containsExactly("/response/autoConfirmUser", "/response/autoVerifyEmail");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("target").asText()).isEqualTo("AWSCognitoIdentityProviderService.ListUsers");
        assertThat(calls.get(0).at("/body/UserPoolId").asText()).isEqualTo("eu-west-1_Ab12Cd34E");
        assertThat(calls.get(0).at("/body/Filter").asText()).isEqualTo("sub = \"sub-carla\"");
        JsonNode link = calls.get(1);
        assertThat(link.get("target").asText()).isEqualTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser");
        assertThat(link.at("/body/UserPoolId").asText()).isEqualTo("eu-west-1_Ab12Cd34E");
        assertThat(link.at("/body/DestinationUser/ProviderName").asText()).isEqualTo("Cognito");
        assertThat(link.at("/body/DestinationUser/ProviderAttributeValue").asText()).isEqualTo("carla-native");
        assertThat(link.at("/body/SourceUser/ProviderName").asText()).isEqualTo("Google");
        assertThat(link.at("/body/SourceUser/ProviderAttributeName").asText()).isEqualTo("Cognito_Subject");
        assertThat(link.at("/body/SourceUser/ProviderAttributeValue").asText()).isEqualTo("109876543210987654321");
        EmailReservation guard = tables.items().findReservation(EMAIL).orElseThrow();
        assertThat(guard.userName()).isEqualTo("carla-native");
        assertThat(guard.userId()).isEqualTo("sub-carla");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void link_toAFederatedOwner_isRefused(CognitoUserPoolPreSignUpEvent event) {
        ownAddress();
        ownerStatus = "EXTERNAL_PROVIDER";

        assertFailsShowing(() -> handler("LINK").handleRequest(event, new LambdaTestContext("req-1")),
                "An account with this email already exists");
        assertThat(calls).extracting(c -> c.get("target").asText())
                .containsExactly("AWSCognitoIdentityProviderService.ListUsers");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void deny_refusesWithoutAskingCognito(CognitoUserPoolPreSignUpEvent event) {
        ownAddress();

        assertFailsShowing(() -> handler("DENY").handleRequest(event, new LambdaTestContext("req-1")),
                "An account with this email already exists");
        assertThat(calls).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void freeAddress_isReservedForTheFederatedUserWithoutAskingCognito(CognitoUserPoolPreSignUpEvent event) {
        CognitoUserPoolPreSignUpEvent result = handler("LINK").handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(result.getResponse().getAutoConfirmUser()).isTrue();
        assertThat(result.getResponse().getAutoVerifyEmail()).isTrue();
        assertThat(tables.items().findReservation(EMAIL).orElseThrow()
                .userName()).isEqualTo("Google_109876543210987654321");
        assertThat(calls).isEmpty();
    }

    private PreSignUpHandler handler(String policy) {
        UsersConfig config = tables.config(Map.of(
                UsersConfig.FEDERATED_SIGNUP_POLICY, policy,
                UsersConfig.COGNITO_ENDPOINT, "http://127.0.0.1:" + cognito.getAddress().getPort()));
        return new PreSignUpHandler(AwsClients.create(config, TestDynamoDb.CREDENTIALS), Clock.systemUTC());
    }

    private void ownAddress() {
        EmailReservation owned = new EmailReservation(EMAIL, EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "carla-native", "sub-carla", T0, null, T0);
        tables.users().put(owned.toItem());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = mapper.readTree(exchange.getRequestBody());
        calls.add(mapper.createObjectNode().put("target", target).set("body", body));
        String response = switch (target) {
            case "AWSCognitoIdentityProviderService.ListUsers" -> "{\"Users\":[{\"Username\":\"carla-native\","
                    + "\"UserStatus\":\"" + ownerStatus + "\",\"Enabled\":true,"
                    + "\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"sub-carla\"}]}]}";
            case "AWSCognitoIdentityProviderService.AdminLinkProviderForUser" -> "{}";
            default -> null;
        };
        byte[] bytes = (response == null ? "{\"__type\":\"InvalidParameterException\",\"message\":\"unexpected\"}"
                : response).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(response == null ? 400 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
