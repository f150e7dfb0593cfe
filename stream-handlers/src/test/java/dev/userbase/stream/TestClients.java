package dev.userbase.stream;

import java.net.URI;
import java.util.function.Consumer;

import dev.userbase.core.testing.TestDynamoDb;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * SDK clients as the handlers' tests give them: the shared test engine, or a fake over HTTP, with the
 * test region and credentials and the URL connection client the functions use. The caller closes them.
 */
final class TestClients {

    private TestClients() {
    }

    /** A client of the shared engine whose calls pass through {@code interceptor} (a {@link CrashInjector}). */
    static DynamoDbClient dynamoDb(ExecutionInterceptor interceptor) {
        return TestDynamoDb.shared().newClient(interceptor);
    }

    /** A client of the (fake) bus at {@code endpoint}. */
    static EventBridgeClient eventBridge(URI endpoint) {
        return eventBridge(endpoint, c -> { });
    }

    /** A client of the (fake) bus at {@code endpoint}, configured further by {@code override}. */
    static EventBridgeClient eventBridge(URI endpoint, Consumer<ClientOverrideConfiguration.Builder> override) {
        return EventBridgeClient.builder()
                .endpointOverride(endpoint)
                .region(TestDynamoDb.REGION)
                .credentialsProvider(TestDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(override)
                .build();
    }

    /** A client of the (fake) user pool at {@code endpoint}. */
    static CognitoIdentityProviderClient cognito(URI endpoint) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint)
                .region(TestDynamoDb.REGION)
                .credentialsProvider(TestDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }
}
