package dev.userbase.core.config;

import static dev.userbase.core.config.EnvironmentValues.text;
import static dev.userbase.core.config.EnvironmentValues.wholeNumber;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting the handlers read, parsed once from environment variables at construction (never
 * inside {@code handleRequest}). The CDK stack and the local stack set the same variables.
 *
 * @param endpoints endpoint overrides for the local stack and tests; empty in AWS
 */
public record UsersConfig(
        String region,
        String usersTable,
        String idempotencyTable,
        String userPoolId,
        String eventBusName,
        String eventSource,
        Duration emailReservationTtl,
        FederatedSignUpPolicy federatedSignUpPolicy,
        Set<String> allowedEmailDomains,
        Set<String> deniedEmailDomains,
        String cursorSigningKey,
        Endpoints endpoints) {

    public static final String REGION = "AWS_REGION";
    public static final String USERS_TABLE = "USERS_TABLE";
    public static final String IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE";
    public static final String USER_POOL_ID = "USER_POOL_ID";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";
    public static final String EMAIL_RESERVATION_TTL_HOURS = "EMAIL_RESERVATION_TTL_HOURS";
    public static final String FEDERATED_SIGNUP_POLICY = "FEDERATED_SIGNUP_POLICY";
    public static final String EMAIL_DOMAIN_ALLOWLIST = "EMAIL_DOMAIN_ALLOWLIST";
    public static final String EMAIL_DOMAIN_DENYLIST = "EMAIL_DOMAIN_DENYLIST";
    public static final String CURSOR_SIGNING_KEY = "CURSOR_SIGNING_KEY";
    /** The AWS SDK's own names for endpoint overrides. */
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    public static final String COGNITO_ENDPOINT = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";

    public static final String DEFAULT_EVENT_SOURCE = "users.service";

    /** Endpoint overrides; {@code null} means the service's regional endpoint. */
    public record Endpoints(URI dynamoDb, URI eventBridge, URI cognito) {

        public static Endpoints none() {
            return new Endpoints(null, null, null);
        }

        public Optional<URI> dynamoDbOverride() {
            return Optional.ofNullable(dynamoDb);
        }

        public Optional<URI> eventBridgeOverride() {
            return Optional.ofNullable(eventBridge);
        }

        public Optional<URI> cognitoOverride() {
            return Optional.ofNullable(cognito);
        }
    }

    public UsersConfig {
        allowedEmailDomains = Set.copyOf(allowedEmailDomains);
        deniedEmailDomains = Set.copyOf(deniedEmailDomains);
        if (emailReservationTtl.isNegative() || emailReservationTtl.isZero()) {
            throw new IllegalArgumentException(EMAIL_RESERVATION_TTL_HOURS + " must be positive");
        }
    }

    public static UsersConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the settings from {@code env}; unset ones take their documented defaults. */
    public static UsersConfig fromEnvironment(Map<String, String> env) {
        return new UsersConfig(
                text(env, REGION, "us-east-1"),
                text(env, USERS_TABLE, "users"),
                text(env, IDEMPOTENCY_TABLE, "users-idempotency"),
                text(env, USER_POOL_ID, null),
                text(env, EVENT_BUS_NAME, "users"),
                text(env, EVENT_SOURCE, DEFAULT_EVENT_SOURCE),
                Duration.ofHours(wholeNumber(env, EMAIL_RESERVATION_TTL_HOURS, 24)),
                FederatedSignUpPolicy.valueOf(text(env, FEDERATED_SIGNUP_POLICY, "LINK").toUpperCase(Locale.ROOT)),
                domains(env.get(EMAIL_DOMAIN_ALLOWLIST)),
                domains(env.get(EMAIL_DOMAIN_DENYLIST)),
                text(env, CURSOR_SIGNING_KEY, null),
                new Endpoints(uri(env, DYNAMODB_ENDPOINT), uri(env, EVENTBRIDGE_ENDPOINT), uri(env, COGNITO_ENDPOINT)));
    }

    public UsersConfig withUsersTable(String table) {
        return new UsersConfig(region, table, idempotencyTable, userPoolId, eventBusName, eventSource,
                emailReservationTtl, federatedSignUpPolicy, allowedEmailDomains, deniedEmailDomains,
                cursorSigningKey, endpoints);
    }

    private static URI uri(Map<String, String> env, String name) {
        String value = text(env, name, null);
        return value == null ? null : URI.create(value);
    }

    private static Set<String> domains(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
