package dev.userbase.core.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The outputs of a {@code users-<env>-stack}, one definition read by everything that needs them: the
 * CDK stack declares exactly these, the local stack writes the same keys to {@code .local/outputs.json},
 * and the smoke test reads them from either. Tests turn drift between the three into a failure.
 */
public enum StackOutput {
    API_URL("ApiUrl", "Base URL of the REST API (with the stage and a trailing slash)"),
    API_ID("ApiId", "REST API id"),
    USERS_TABLE_NAME("UsersTableName", "The users table"),
    IDEMPOTENCY_TABLE_NAME("IdempotencyTableName", "The idempotency table"),
    EVENT_BUS_NAME("EventBusName", "Bus the domain events are published to"),
    EVENT_BUS_ARN("EventBusArn", "ARN of the event bus"),
    EVENT_LOG_GROUP_NAME("EventLogGroupName", "Log group every event of the bus is copied to"),
    USER_POOL_ID("UserPoolId", "Cognito user pool id"),
    USER_POOL_PROVIDER_URL("UserPoolProviderUrl", "Token issuer of the user pool (its ProviderURL)"),
    USER_POOL_CLIENT_ID("UserPoolClientId", "Hosted-UI app client id"),
    SMOKE_TEST_CLIENT_ID("SmokeTestClientId", "App client the smoke test signs in with (ADMIN_USER_PASSWORD_AUTH only)"),
    SMOKE_TEST_ROLE_ARN("SmokeTestRoleArn", "Role the deploy workflow assumes to run the smoke test"),
    HOSTED_UI_BASE_URL("HostedUiBaseUrl", "Hosted UI (OAuth endpoints) base URL"),
    ALARM_TOPIC_ARN("AlarmTopicArn", "SNS topic the alarms notify"),
    CURSOR_SIGNING_KEY_ARN("CursorSigningKeyArn", "Secret holding the cursor signing key (rotation: docs/DEPLOY.md)"),
    DASHBOARD_NAME("DashboardName", "CloudWatch dashboard");

    private final String key;
    private final String description;

    StackOutput(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The CloudFormation output key (its logical id in the template). */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(StackOutput::key).toList();
    }

    public static Optional<StackOutput> byKey(String key) {
        return Arrays.stream(values()).filter(output -> output.key.equals(key)).findFirst();
    }
}
