package dev.userbase.cdk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.userbase.core.config.FederatedSignUpPolicy;
import dev.userbase.core.config.UsersConfig;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between environments, read once from CDK context ({@code -c key=value}).
 * Defaults are safe: a missing value never weakens security, and production-only requirements
 * (real callback URLs) fail synthesis instead of silently deploying a development value.
 *
 * @param environment         short environment name; the stack is {@code users-<environment>-stack}
 * @param production          retains data on delete, enables deletion protection
 * @param corsOrigins         browser origins allowed to call the API; empty ({@code none}) means no CORS
 * @param callbackUrls        hosted-UI OAuth redirect URLs
 * @param logoutUrls          hosted-UI sign-out redirect URLs
 * @param authDomainPrefix    hosted-UI domain prefix; {@code null} derives {@code users-<env>-<account>}
 * @param customerManagedKey  encrypt the tables with a customer-managed KMS key instead of the AWS-managed one
 * @param alarmEmail          address subscribed to the alarm topic, or {@code null}
 * @param threatProtection    Cognito threat protection (Plus feature plan) in ENFORCED mode
 * @param logRetention        retention of function logs and API access logs
 * @param logLevel            POWERTOOLS_LOG_LEVEL of every function
 * @param eventSource         {@code Source} of published events
 * @param emailReservationTtlHours how long an unconfirmed sign-up holds its email address
 * @param federatedSignUpPolicy    LINK or DENY
 * @param emailDomainAllowlist     comma-separated list passed to the functions as is
 * @param emailDomainDenylist      comma-separated list passed to the functions as is
 * @param emailFrom           verified SES sender for Cognito emails, or {@code null} for Cognito's own sender
 * @param sesRegion           region of the SES identity of {@code emailFrom} (the stack is region-agnostic)
 * @param emailChangeConfirmUrl https link template containing {@code {token}} for email-change messages, or {@code null}
 * @param cursorKeyVersionId  Secrets Manager version of the cursor signing key to deploy, or {@code null} for the current one
 * @param apiGatewayCloudWatchRole create the account-level role API Gateway needs for execution logs
 * @param waf                 put a WAF web ACL in front of the API
 * @param wafRateLimit        requests per client IP per 5 minutes before the WAF blocks it
 * @param ciDeployRole        name of the CI deploy role ({@link CiStack}), the only principal that may assume
 *                            this environment's smoke-test role
 * @param legacyUsersTable    name of an existing legacy users table (same account and region) to migrate
 *                            users from with the UserMigration trigger, or {@code null} for no migration
 */
public record DeploymentSettings(
        String environment,
        boolean production,
        List<String> corsOrigins,
        List<String> callbackUrls,
        List<String> logoutUrls,
        String authDomainPrefix,
        boolean customerManagedKey,
        String alarmEmail,
        boolean threatProtection,
        int logRetentionDays,
        String logLevel,
        String eventSource,
        int emailReservationTtlHours,
        FederatedSignUpPolicy federatedSignUpPolicy,
        String emailDomainAllowlist,
        String emailDomainDenylist,
        String emailFrom,
        String sesRegion,
        String emailChangeConfirmUrl,
        String cursorKeyVersionId,
        boolean apiGatewayCloudWatchRole,
        boolean waf,
        int wafRateLimit,
        String ciDeployRole,
        String legacyUsersTable) {

    public static final String ENV = "env";
    public static final String PRODUCTION = "production";
    public static final String CORS_ORIGINS = "corsOrigins";
    public static final String CALLBACK_URLS = "callbackUrls";
    public static final String LOGOUT_URLS = "logoutUrls";
    public static final String AUTH_DOMAIN_PREFIX = "authDomainPrefix";
    public static final String CUSTOMER_MANAGED_KEY = "customerManagedKey";
    public static final String ALARM_EMAIL = "alarmEmail";
    public static final String THREAT_PROTECTION = "threatProtection";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String LOG_LEVEL = "logLevel";
    public static final String EVENT_SOURCE = "eventSource";
    public static final String EMAIL_RESERVATION_TTL_HOURS = "emailReservationTtlHours";
    public static final String FEDERATED_SIGNUP_POLICY = "federatedSignUpPolicy";
    public static final String EMAIL_DOMAIN_ALLOWLIST = "emailDomainAllowlist";
    public static final String EMAIL_DOMAIN_DENYLIST = "emailDomainDenylist";
    public static final String EMAIL_FROM = "emailFrom";
    public static final String SES_REGION = "sesRegion";
    public static final String EMAIL_CHANGE_CONFIRM_URL = "emailChangeConfirmUrl";
    public static final String CURSOR_KEY_VERSION_ID = "cursorKeyVersionId";
    public static final String API_GATEWAY_CLOUDWATCH_ROLE = "apiGatewayCloudWatchRole";
    public static final String WAF = "waf";
    public static final String WAF_RATE_LIMIT = "wafRateLimit";
    public static final String CI_DEPLOY_ROLE = "ciDeployRole";
    public static final String LEGACY_USERS_TABLE = "legacyUsersTable";

    public static final String DEFAULT_ENVIRONMENT = "dev";
    private static final String LOCAL_ORIGIN = "http://localhost:3000";
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    /** IAM role names: letters, digits and {@code +=,.@_-}, at most 64. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** DynamoDB table names: 3-255 of letters, digits, {@code _.-}. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    public DeploymentSettings {
        Objects.requireNonNull(environment, "environment");
        if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
            throw new IllegalArgumentException("context " + ENV + " must be 1-10 lower-case letters or digits, "
                    + "starting with a letter: '" + environment + "'");
        }
        corsOrigins = List.copyOf(corsOrigins);
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
        if (callbackUrls.isEmpty() || logoutUrls.isEmpty()) {
            throw new IllegalArgumentException("context " + CALLBACK_URLS + " and " + LOGOUT_URLS
                    + " are required for environment '" + environment + "'");
        }
        if (!RETENTION_DAYS.contains(logRetentionDays)) {
            throw new IllegalArgumentException("context " + LOG_RETENTION_DAYS + " must be one of " + RETENTION_DAYS);
        }
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("context " + LOG_LEVEL + " must be one of " + LOG_LEVELS);
        }
        if (emailReservationTtlHours <= 0) {
            throw new IllegalArgumentException("context " + EMAIL_RESERVATION_TTL_HOURS + " must be positive");
        }
        Objects.requireNonNull(eventSource, "eventSource");
        if (production && emailFrom == null) {
            // Cognito's own sender is limited to a few dozen emails a day: not enough to run sign-ups.
            throw new IllegalArgumentException("context " + EMAIL_FROM + " (a sender verified in SES) is required "
                    + "for environment '" + environment + "'");
        }
        if (emailFrom != null && emailFrom.indexOf('@') <= 0) {
            throw new IllegalArgumentException("context " + EMAIL_FROM + " must be an email address: '" + emailFrom + "'");
        }
        if (emailFrom != null && sesRegion == null) {
            throw new IllegalArgumentException("context " + SES_REGION + " (the region of the SES identity) is required "
                    + "with " + EMAIL_FROM);
        }
        if (emailChangeConfirmUrl != null
                && (!emailChangeConfirmUrl.startsWith("https://") || !emailChangeConfirmUrl.contains("{token}"))) {
            throw new IllegalArgumentException("context " + EMAIL_CHANGE_CONFIRM_URL
                    + " must be an https URL containing {token}: '" + emailChangeConfirmUrl + "'");
        }
        if (wafRateLimit < 10 || wafRateLimit > 2_000_000_000) {
            throw new IllegalArgumentException("context " + WAF_RATE_LIMIT + " must be between 10 and 2000000000");
        }
        Objects.requireNonNull(federatedSignUpPolicy, "federatedSignUpPolicy");
        if (ciDeployRole == null || !ROLE_NAME.matcher(ciDeployRole).matches()) {
            throw new IllegalArgumentException("context " + CI_DEPLOY_ROLE + " must be an IAM role name: '"
                    + ciDeployRole + "'");
        }
        if (legacyUsersTable != null && !TABLE_NAME.matcher(legacyUsersTable).matches()) {
            throw new IllegalArgumentException("context " + LEGACY_USERS_TABLE + " must be a DynamoDB table name: '"
                    + legacyUsersTable + "'");
        }
    }

    /**
     * Reads the settings from CDK context. Production ({@code env=prod}, or {@code production=true})
     * has no development defaults for redirect URLs or CORS origins: they must be given.
     */
    public static DeploymentSettings fromContext(Function<String, Object> context) {
        String environment = text(context, ENV, DEFAULT_ENVIRONMENT);
        boolean production = bool(context, PRODUCTION, environment.equals("prod"));
        List<String> devDefault = production ? List.of() : List.of(LOCAL_ORIGIN);
        return new DeploymentSettings(
                environment,
                production,
                list(context, CORS_ORIGINS, devDefault),
                list(context, CALLBACK_URLS, production ? List.of() : List.of(LOCAL_ORIGIN + "/callback")),
                list(context, LOGOUT_URLS, devDefault),
                text(context, AUTH_DOMAIN_PREFIX, null),
                bool(context, CUSTOMER_MANAGED_KEY, false),
                text(context, ALARM_EMAIL, null),
                bool(context, THREAT_PROTECTION, true),
                integer(context, LOG_RETENTION_DAYS, production ? 365 : 30),
                text(context, LOG_LEVEL, "INFO").toUpperCase(Locale.ROOT),
                text(context, EVENT_SOURCE, UsersConfig.DEFAULT_EVENT_SOURCE),
                integer(context, EMAIL_RESERVATION_TTL_HOURS, 24),
                FederatedSignUpPolicy.valueOf(text(context, FEDERATED_SIGNUP_POLICY, "LINK").toUpperCase(Locale.ROOT)),
                text(context, EMAIL_DOMAIN_ALLOWLIST, ""),
                text(context, EMAIL_DOMAIN_DENYLIST, ""),
                text(context, EMAIL_FROM, null),
                text(context, SES_REGION, null),
                text(context, EMAIL_CHANGE_CONFIRM_URL, null),
                text(context, CURSOR_KEY_VERSION_ID, null),
                bool(context, API_GATEWAY_CLOUDWATCH_ROLE, true),
                bool(context, WAF, true),
                integer(context, WAF_RATE_LIMIT, 3000),
                text(context, CI_DEPLOY_ROLE, CiStack.DEPLOY_ROLE_NAME),
                text(context, LEGACY_USERS_TABLE, null));
    }

    /** {@code users-<environment>}: the prefix of every physical name this environment owns. */
    public String namePrefix() {
        return "users-" + environment;
    }

    public String stackName() {
        return namePrefix() + "-stack";
    }

    /** Production data survives a stack deletion; development environments clean up after themselves. */
    public RemovalPolicy removalPolicy() {
        return production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    public RetentionDays logRetention() {
        return switch (logRetentionDays) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalStateException("validated in the constructor: " + logRetentionDays);
        };
    }

    private static String text(Function<String, Object> context, String key, String defaultValue) {
        Object value = context.apply(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString().trim();
    }

    private static boolean bool(Function<String, Object> context, String key, boolean defaultValue) {
        String value = text(context, key, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("context " + key + " must be true or false: '" + value + "'");
        };
    }

    private static int integer(Function<String, Object> context, String key, int defaultValue) {
        String value = text(context, key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number: '" + value + "'", e);
        }
    }

    private static List<String> list(Function<String, Object> context, String key, List<String> defaultValue) {
        Object value = context.apply(key);
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String text = text(context, key, null);
        if (text == null) {
            return defaultValue;
        }
        if (text.equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
