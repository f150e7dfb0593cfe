package dev.userbase.cdk;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.core.reconcile.ReconcileSettings;
import dev.userbase.core.signup.SignInSettings;

/**
 * The environment variables each function's code reads, and so what the stack must give it (no
 * more: a variable a function does not read is noise, and a table name it does not need is a hint
 * of access it should not have). Names are {@link UsersConfig}'s, and for the API functions the
 * api-handlers module's own (tests check that they still match). The Powertools and JVM variables
 * every function gets are added by {@link JavaFunction}.
 */
public enum FunctionEnvironment {

    /** PreSignUpService: the table, the reservation TTL, the federated policy, the domain lists. */
    PRE_SIGN_UP(Set.of(UsersConfig.USERS_TABLE, UsersConfig.EMAIL_RESERVATION_TTL_HOURS,
            UsersConfig.FEDERATED_SIGNUP_POLICY),
            Set.of(UsersConfig.EMAIL_DOMAIN_ALLOWLIST, UsersConfig.EMAIL_DOMAIN_DENYLIST)),
    /** ProfileProvisioner and PasswordChangeRecorder: the table only. */
    POST_CONFIRMATION(Set.of(UsersConfig.USERS_TABLE), Set.of()),
    /** SignInRecorder: the table, and optionally the record interval (default 15 minutes). */
    POST_AUTHENTICATION(Set.of(UsersConfig.USERS_TABLE), Set.of(SignInSettings.SIGN_IN_RECORD_INTERVAL_MINUTES)),
    /** PoolBackfill: the table (profiles, checkpoint) and the pool it pages through. */
    BACKFILL(Set.of(UsersConfig.USERS_TABLE, UsersConfig.USER_POOL_ID), Set.of()),
    /** FollowCountReconciler: the table (profiles, edges, checkpoint), its settle time and scan segments. */
    RECONCILE(Set.of(UsersConfig.USERS_TABLE, ReconcileSettings.SETTLE_SECONDS, ReconcileSettings.TOTAL_SEGMENTS),
            Set.of()),
    /** UserMigrationService: the table (the reservation), its TTL, the legacy table and its email index. */
    USER_MIGRATION(Set.of(UsersConfig.USERS_TABLE, UsersConfig.EMAIL_RESERVATION_TTL_HOURS,
            MigrationSettings.LEGACY_USERS_TABLE, MigrationSettings.LEGACY_USERS_EMAIL_INDEX), Set.of()),
    /** TokenClaimsService: the table only. */
    PRE_TOKEN_GENERATION(Set.of(UsersConfig.USERS_TABLE), Set.of()),
    /**
     * ApiServices for the self routes: the table, the pool (email change, account deletion), the
     * email change's domain lists and delivery, the cursor key (export pages), browser origins.
     */
    SELF_API(Set.of(UsersConfig.USERS_TABLE, UsersConfig.USER_POOL_ID, FunctionEnvironment.EMAIL_CHANGE_DELIVERY,
            UsersConfig.CURSOR_SIGNING_KEY),
            Set.of(UsersConfig.EMAIL_DOMAIN_ALLOWLIST, UsersConfig.EMAIL_DOMAIN_DENYLIST,
                    FunctionEnvironment.EMAIL_FROM, FunctionEnvironment.EMAIL_CHANGE_CONFIRM_URL,
                    FunctionEnvironment.CORS_ALLOWED_ORIGINS, ApiSettings.ERASURE_GRACE_DAYS)),
    /** ApiServices for the social routes: the table, the cursor key (lists), browser origins. */
    SOCIAL_API(Set.of(UsersConfig.USERS_TABLE, UsersConfig.CURSOR_SIGNING_KEY),
            Set.of(FunctionEnvironment.CORS_ALLOWED_ORIGINS)),
    /** ApiServices for the admin routes, with Powertools idempotency for user creation. */
    ADMIN_API(Set.of(UsersConfig.USERS_TABLE, UsersConfig.IDEMPOTENCY_TABLE, UsersConfig.USER_POOL_ID,
            UsersConfig.CURSOR_SIGNING_KEY),
            Set.of(FunctionEnvironment.CORS_ALLOWED_ORIGINS)),
    /** FollowCounterService: the table only. */
    FOLLOW_COUNTER(Set.of(UsersConfig.USERS_TABLE), Set.of()),
    /**
     * ChangeStreamHandler: the table, the publication ledger's table, the pool (expiry, erasure), the bus
     * and source, the key of erased users' audit pseudonyms.
     */
    CHANGE_STREAM(Set.of(UsersConfig.USERS_TABLE, UsersConfig.IDEMPOTENCY_TABLE, UsersConfig.USER_POOL_ID,
            UsersConfig.EVENT_BUS_NAME, UsersConfig.EVENT_SOURCE, Pseudonyms.SETTING), Set.of());

    /** {@link ApiSettings#CORS_ALLOWED_ORIGINS}. */
    public static final String CORS_ALLOWED_ORIGINS = ApiSettings.CORS_ALLOWED_ORIGINS;
    /** {@link ApiSettings#EMAIL_CHANGE_DELIVERY}: {@code ses} in AWS. */
    public static final String EMAIL_CHANGE_DELIVERY = ApiSettings.EMAIL_CHANGE_DELIVERY;
    /** {@link ApiSettings#EMAIL_FROM}: the SES sender of email-change confirmations. */
    public static final String EMAIL_FROM = ApiSettings.EMAIL_FROM;
    /** {@link ApiSettings#EMAIL_CHANGE_CONFIRM_URL}: the link template of those messages. */
    public static final String EMAIL_CHANGE_CONFIRM_URL = ApiSettings.EMAIL_CHANGE_CONFIRM_URL;

    private final Set<String> required;
    private final Set<String> optional;

    FunctionEnvironment(Set<String> required, Set<String> optional) {
        this.required = required;
        this.optional = optional;
    }

    public Set<String> required() {
        return required;
    }

    public Set<String> optional() {
        return optional;
    }

    /** Every variable the function may get. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(required);
        all.addAll(optional);
        return all;
    }

    /**
     * {@code values}, checked: every required variable present, nothing the function does not read.
     *
     * @throws IllegalArgumentException a required variable is missing or an unexpected one given
     */
    public Map<String, String> values(Map<String, String> values) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(values.keySet());
        Set<String> unexpected = new TreeSet<>(values.keySet());
        unexpected.removeAll(names());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(name() + ": missing " + missing + ", not read " + unexpected);
        }
        return new TreeMap<>(values);
    }
}
