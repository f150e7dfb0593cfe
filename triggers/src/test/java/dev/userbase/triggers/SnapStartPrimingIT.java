package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.signup.SignInSettings;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.core.testing.LocalTables;

/** Each handler's SnapStart priming runs its real DynamoDB path and writes nothing. */
class SnapStartPrimingIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    @Test
    void priming_exercisesEveryHandlerAndWritesNothing() {
        AwsClients clients = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS);
        List<SnapStartPriming> primings = List.of(
                new PreSignUpHandler(clients, Clock.systemUTC()).priming,
                new PostConfirmationHandler(clients, Clock.systemUTC()).priming,
                new PreTokenGenerationHandler(clients, Clock.systemUTC()).priming,
                new PostAuthenticationHandler(clients, new SignInSettings(Duration.ofMinutes(15)), Clock.systemUTC()).priming,
                new UserMigrationHandler(clients, MigrationSettings.fromEnvironment(Map.of()), Clock.systemUTC()).priming);

        assertThat(primings).allMatch(SnapStartPriming::prime);

        assertThat(tables.itemCount()).isZero();
    }

    @Test
    void priming_whenDynamoDbIsUnreachable_reportsFailureWithoutThrowing() {
        AwsClients clients = AwsClients.create(
                tables.config(Map.of(UsersConfig.DYNAMODB_ENDPOINT, "http://127.0.0.1:9")), TestDynamoDb.CREDENTIALS);

        assertThat(new PostConfirmationHandler(clients, Clock.systemUTC()).priming.prime()).isFalse();
    }

    @Test
    void constructingHandlers_offLambda_makesNoCall() {
        // an endpoint nothing listens on: any request at construction would fail it
        UsersConfig unreachable = tables.config(Map.of(UsersConfig.DYNAMODB_ENDPOINT, "http://127.0.0.1:9"));
        AwsClients clients = AwsClients.create(unreachable, TestDynamoDb.CREDENTIALS);

        assertThat(new PreSignUpHandler(clients, Clock.systemUTC()).priming).isNotNull();
        assertThat(new PostConfirmationHandler(clients, Clock.systemUTC()).priming).isNotNull();
        assertThat(new PreTokenGenerationHandler(clients, Clock.systemUTC()).priming).isNotNull();
    }
}
