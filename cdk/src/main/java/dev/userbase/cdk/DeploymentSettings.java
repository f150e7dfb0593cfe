package dev.userbase.cdk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
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
    /** The retentions CloudWatch Logs offers, in days. */
    private static final SortedMap<Integer, RetentionDays> RETENTION_DAYS = new TreeMap<>(Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY),
            Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS),
            Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS),
            Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS),
            Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS),
            Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS),
            Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS),
            Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS),
            Map.entry(1096, RetentionDays.THREE_YEARS),
            Map.entry(1827, RetentionDays.FIVE_YEARS),
            Map.entry(2192, RetentionDays.SIX_YEARS),
            Map.entry(2557, RetentionDays.SEVEN_YEARS),
            Map.entry(2922, RetentionDays.EIGHT_YEARS),
            Map.entry(3288, RetentionDays.NINE_YEARS),
            Map.entry(3653, RetentionDays.TEN_YEARS)));
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
        if (!RETENTION_DAYS.containsKey(logRetentionDays)) {
            throw new IllegalArgumentException("context " + LOG_RETENTION_DAYS + " must be one of "
                    + RETENTION_DAYS.keySet());
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
    public static DeploymentSettings fromContext(Function<String, Object> lookup) {
        CdkContext context = new CdkContext(lookup);
        String environment = context.text(ENV, DEFAULT_ENVIRONMENT);
        boolean production = context.bool(PRODUCTION, environment.equals("prod"));
        List<String> devDefault = production ? List.of() : List.of(LOCAL_ORIGIN);
        return new DeploymentSettings(
                environment,
                production,
                context.listOrNone(CORS_ORIGINS, devDefault),
                context.listOrNone(CALLBACK_URLS, production ? List.of() : List.of(LOCAL_ORIGIN + "/callback")),
                context.listOrNone(LOGOUT_URLS, devDefault),
                context.text(AUTH_DOMAIN_PREFIX, null),
                context.bool(CUSTOMER_MANAGED_KEY, false),
                context.text(ALARM_EMAIL, null),
                context.bool(THREAT_PROTECTION, true),
                context.integer(LOG_RETENTION_DAYS, production ? 365 : 30),
                context.text(LOG_LEVEL, "INFO").toUpperCase(Locale.ROOT),
                context.text(EVENT_SOURCE, UsersConfig.DEFAULT_EVENT_SOURCE),
                context.integer(EMAIL_RESERVATION_TTL_HOURS, 24),
                FederatedSignUpPolicy.valueOf(context.text(FEDERATED_SIGNUP_POLICY, "LINK").toUpperCase(Locale.ROOT)),
                context.text(EMAIL_DOMAIN_ALLOWLIST, ""),
                context.text(EMAIL_DOMAIN_DENYLIST, ""),
                context.text(EMAIL_FROM, null),
                context.text(SES_REGION, null),
                context.text(EMAIL_CHANGE_CONFIRM_URL, null),
                context.text(CURSOR_KEY_VERSION_ID, null),
                context.bool(API_GATEWAY_CLOUDWATCH_ROLE, true),
                context.bool(WAF, true),
                context.integer(WAF_RATE_LIMIT, 3000),
                context.text(CI_DEPLOY_ROLE, CiStack.DEPLOY_ROLE_NAME),
                context.text(LEGACY_USERS_TABLE, null));
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
        return RETENTION_DAYS.get(logRetentionDays);
    }
}
