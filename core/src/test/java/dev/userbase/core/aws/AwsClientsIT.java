package dev.userbase.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.core.testing.UnwellCognito;
import dev.userbase.dynamodb.fault.FaultKind;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * How many times each DynamoDB client of a container tries a call the engine keeps failing: the API
 * functions' client gives up after {@link RetryPolicy#apiDynamoDbCalls()}'s attempts (a throttled
 * request answers well inside the functions' timeout), every other function's keeps the SDK's 9.
 * Attempts are counted by the engine's fault counter. The API functions' Cognito client, on a
 * Cognito that throttles every call or answers none ({@link UnwellCognito}), gives up after
 * {@link RetryPolicy#apiServiceCalls()}'s attempts and budget.
 */
class AwsClientsIT {

    private static final String POOL = "us-east-1_Unwell1";

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    @Test
    void forApiFunctions_whenDynamoDbKeepsThrottling_givesUpAfterThePolicysAttempts() {
        DynamoDbClient api = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS).forApiFunctions().dynamoDb();
        engine.faults().failNext("PutItem", 10, FaultKind.THROTTLING);
        long before = engine.faults().injected();
        long start = System.nanoTime();

        assertThatThrownBy(() -> api.putItem(edge()))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.isThrottlingException()).isTrue());

        assertThat(engine.faults().injected() - before).as("attempts, all throttled")
                .isEqualTo(RetryPolicy.apiDynamoDbCalls().maxAttempts()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("sanity bound only").isLessThan(Duration.ofSeconds(10));
        assertThat(tables.itemCount()).as("nothing written").isZero();
    }

    @Test
    void forApiFunctions_absorbsAShortBurstOfThrottling() {
        DynamoDbClient api = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS).forApiFunctions().dynamoDb();
        engine.faults().failNext("PutItem", 3, FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED);
        long before = engine.faults().injected();

        api.putItem(edge());

        assertThat(engine.faults().injected() - before).isEqualTo(3);
        assertThat(tables.itemCount()).isEqualTo(1);
    }

    @Test
    void otherFunctions_keepTheSdksNineAttempts() {
        // InternalServerError: the SDK's non-throttled backoff (25 ms doubling) gives up in seconds
        DynamoDbClient standard = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS).dynamoDb();
        engine.faults().failNext("PutItem", 20, FaultKind.INTERNAL_SERVER_ERROR);
        long before = engine.faults().injected();

        assertThatThrownBy(() -> standard.putItem(edge())).isInstanceOf(DynamoDbException.class);

        assertThat(engine.faults().injected() - before).isEqualTo(TestDynamoDb.SDK_DYNAMODB_ATTEMPTS);
    }

    @Test
    void forApiFunctions_isBuiltOnce_withItsOwnTimedClients() {
        AwsClients container = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS);
        AwsClients api = container.forApiFunctions();

        assertThat(container.forApiFunctions()).isSameAs(api);
        assertThat(api.forApiFunctions()).isSameAs(api);
        assertThat(api.config()).isSameAs(container.config());
        assertThat(api.dynamoDb()).isSameAs(api.dynamoDb()).isNotSameAs(container.dynamoDb());
        assertThat(api.cognito()).isSameAs(api.cognito()).isNotSameAs(container.cognito());
        assertThat(api.dynamoDb().serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                .contains(Duration.ofSeconds(2)).isEqualTo(RetryPolicy.apiDynamoDbCalls().budget());
        assertThat(api.cognito().serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                .contains(Duration.ofSeconds(2)).isEqualTo(RetryPolicy.apiServiceCalls().budget());
        assertThat(container.cognito().serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                .as("the triggers' and stream consumers' client keeps the SDK's settings").isEmpty();
        try (DynamoDbStreamsClient other = api.configure(DynamoDbStreamsClient.builder(), Optional.empty()).build();
                DynamoDbStreamsClient containers = container.configure(DynamoDbStreamsClient.builder(), Optional.empty())
                        .build()) {
            assertThat(other.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                    .as("a client the API functions configure (SES)").isEqualTo(RetryPolicy.apiServiceCalls().budget());
            assertThat(containers.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).isEmpty();
        }
    }

    @Test
    void forApiFunctions_whenCognitoKeepsThrottling_givesUpAfterThePolicysAttempts() {
        try (UnwellCognito cognito = UnwellCognito.throttling()) {
            CognitoIdentityProviderClient api = AwsClients.create(withCognito(cognito), TestDynamoDb.CREDENTIALS)
                    .forApiFunctions().cognito();

            assertThatThrownBy(() -> api.adminDisableUser(b -> b.userPoolId(POOL).username("ann")))
                    .isInstanceOf(TooManyRequestsException.class);

            assertThat(cognito.operations()).as("attempts, all throttled")
                    .hasSize(RetryPolicy.apiServiceCalls().maxAttempts()).hasSize(3)
                    .containsOnly("AdminDisableUser");
        }
    }

    @Test
    void forApiFunctions_whenCognitoDoesNotAnswer_endsTheCallAtItsBudget() {
        try (UnwellCognito cognito = UnwellCognito.silent()) {
            CognitoIdentityProviderClient api = AwsClients.create(withCognito(cognito), TestDynamoDb.CREDENTIALS)
                    .forApiFunctions().cognito();
            long start = System.nanoTime();

            assertThatThrownBy(() -> api.adminDisableUser(b -> b.userPoolId(POOL).username("ann")))
                    .isInstanceOf(ApiCallTimeoutException.class);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("the call's budget").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(took).as("sanity bound only (the SDK's own client waits 30 s)").isLessThan(Duration.ofSeconds(10));
            assertThat(cognito.operations()).as("one attempt, never answered").containsExactly("AdminDisableUser");
        }
    }

    private UsersConfig withCognito(UnwellCognito cognito) {
        return tables.config(Map.of(UsersConfig.COGNITO_ENDPOINT, cognito.endpoint().toString(),
                UsersConfig.USER_POOL_ID, POOL));
    }

    private PutItemRequest edge() {
        return PutItemRequest.builder().tableName(tables.usersTable())
                .item(Map.of(UsersTable.PK, AttributeValue.fromS("USER#ann"), UsersTable.SK, AttributeValue.fromS("FOLLOWS#star")))
                .build();
    }
}
