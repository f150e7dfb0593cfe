package dev.userbase.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.userbase.api.delivery.EmailChangeDeliveries;
import dev.userbase.core.admin.AdminService;
import dev.userbase.core.admin.UserCreation;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.aws.Lazy;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.emailchange.EmailChangeService;
import dev.userbase.core.paging.CursorCodec;
import dev.userbase.core.paging.PagedQuery;
import dev.userbase.core.privacy.AccountErasure;
import dev.userbase.core.privacy.DataExport;
import dev.userbase.core.privacy.ExportSettings;
import dev.userbase.core.profile.PreferencesService;
import dev.userbase.core.profile.ProfileProvisioning;
import dev.userbase.core.signup.EmailDomainPolicy;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.profile.ProfileService;
import dev.userbase.core.social.FollowService;
import dev.userbase.core.social.ProfileLookup;
import dev.userbase.core.social.SearchService;
import dev.userbase.core.userpool.AccountLifecycle;
import dev.userbase.core.userpool.CognitoUserPool;
import dev.userbase.core.userpool.PoolUser;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The core services behind the API handlers, built once per container. {@link #create} wires the
 * real dependencies a function needs; the {@link Builder} lets tests and benchmarks substitute the
 * Cognito pool, the email delivery and the profile provisioner.
 */
public final class ApiServices {

    private final UsersConfig config;
    private final DynamoDbClient dynamoDb;
    private final Clock clock;
    // each service is built when a route first asks for it: a function builds only what its routes use
    private final Lazy<ProfileService> profiles;
    private final Lazy<PreferencesService> preferences;
    private final Lazy<FollowService> follows;
    private final Lazy<SearchService> search;
    private final Lazy<ProfileLookup> lookup;
    private final Lazy<EmailChangeService> emailChanges;
    private final Lazy<AdminService> admin;
    private final Lazy<UserCreation> userCreation;
    private final Lazy<AccountLifecycle> lifecycle;
    private final Lazy<DataExport> exports;
    private final Lazy<AccountErasure> erasure;
    private final Set<String> corsOrigins;
    private final Map<String, Lazy<?>> byName = new java.util.LinkedHashMap<>();

    private ApiServices(Builder b) {
        this.config = b.config;
        this.dynamoDb = b.dynamoDb;
        this.clock = b.clock;
        String table = config.usersTable();
        // the builder's choices, fixed now (the builder may be changed and used again after build())
        UserPool userPool = b.userPool;
        EmailChangeDelivery delivery = b.delivery;
        Consumer<EmailAddress> emailPolicy = b.emailPolicy;
        ProfileProvisioning provisioning = b.provisioning;
        CursorCodec cursors = b.cursors;
        ExportSettings exportSettings = b.exportSettings;
        Duration erasureGrace = b.erasureGrace;
        Lazy<PagedQuery> pages = new Lazy<>(() -> new PagedQuery(dynamoDb, cursors));
        this.emailChanges = lazy("emailChanges", () -> new EmailChangeService(dynamoDb, table, clock, userPool, delivery,
                emailPolicy));
        this.profiles = lazy("profiles", () -> new ProfileService(dynamoDb, table, clock, provisioning, emailChanges.get()));
        this.preferences = lazy("preferences", () -> new PreferencesService(dynamoDb, table, clock));
        this.follows = lazy("follows", () -> new FollowService(dynamoDb, table, clock, pages.get()));
        this.search = lazy("search", () -> new SearchService(dynamoDb, table, pages.get()));
        this.lookup = lazy("lookup", () -> new ProfileLookup(profiles.get()));
        this.admin = lazy("admin", () -> new AdminService(dynamoDb, table, clock, pages.get(), profiles.get(), userPool));
        this.userCreation = lazy("userCreation", () -> new UserCreation(userPool, provisioning, profiles.get(), dynamoDb,
                table, clock));
        this.lifecycle = lazy("lifecycle", () -> new AccountLifecycle(userPool));
        this.exports = lazy("exports", () -> new DataExport(dynamoDb, table, clock, cursors, userPool, exportSettings));
        this.erasure = lazy("erasure", () -> new AccountErasure(dynamoDb, table, clock, erasureGrace, profiles.get(),
                userPool));
        this.corsOrigins = b.settings.corsAllowedOrigins();
    }

    /**
     * The services of {@code function} with real dependencies: Cognito for the functions that call it
     * ({@code USER_POOL_ID} required), email delivery from the environment for the self function.
     * Every DynamoDB call goes through {@link AwsClients#forApiFunctions()}'s client, so a throttled
     * DynamoDB answers a 503 before the function's timeout.
     */
    public static ApiServices create(ApiFunction function, AwsClients container, Clock clock, Map<String, String> env) {
        AwsClients clients = container.forApiFunctions();
        UsersConfig config = clients.config();
        ApiSettings settings = ApiSettings.fromEnvironment(env);
        // every function issues cursors now (the self function's export pages), so every one needs the key
        Builder builder = builder(clients.dynamoDb(), config, clock)
                .settings(settings)
                .cursors(CursorCodec.fromSetting(config.cursorSigningKey(), settings.onLambda()));
        if (function != ApiFunction.SOCIAL) {
            builder.userPool(CognitoUserPool.create(clients));
        }
        if (function == ApiFunction.SELF) {
            builder.delivery(EmailChangeDeliveries.of(clients, settings));
        }
        if (function == ApiFunction.SELF) {
            builder.erasureGrace(settings.erasureGrace()); // only DELETE /users/me starts a grace period
        }
        builder.provisioning(provisioner(ProfileProvisioner.create(clients, clock,
                        SignUpMetrics.embeddedMetricFormat("api-" + function.name().toLowerCase(java.util.Locale.ROOT)))))
                .emailPolicy(EmailDomainPolicy.of(config)::check);
        return builder.build();
    }

    /** The sign-up path's provisioner, as the API's port (the API needs only the profile). */
    public static ProfileProvisioning provisioner(ProfileProvisioner provisioner) {
        return (account, context) -> provisioner.provision(account, context).profile();
    }

    public static Builder builder(DynamoDbClient dynamoDb, UsersConfig config, Clock clock) {
        return new Builder(dynamoDb, config, clock);
    }

    public UsersConfig config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public Clock clock() {
        return clock;
    }

    public ProfileService profiles() {
        return profiles.get();
    }

    public PreferencesService preferences() {
        return preferences.get();
    }

    public FollowService follows() {
        return follows.get();
    }

    public SearchService search() {
        return search.get();
    }

    public ProfileLookup lookup() {
        return lookup.get();
    }

    public EmailChangeService emailChanges() {
        return emailChanges.get();
    }

    public AdminService admin() {
        return admin.get();
    }

    public UserCreation userCreation() {
        return userCreation.get();
    }

    public AccountLifecycle lifecycle() {
        return lifecycle.get();
    }

    public DataExport exports() {
        return exports.get();
    }

    public AccountErasure erasure() {
        return erasure.get();
    }

    public Set<String> corsOrigins() {
        return corsOrigins;
    }

    /** The services built so far, by name (what a function's routes have asked for). */
    Set<String> built() {
        Set<String> names = new java.util.TreeSet<>();
        byName.forEach((name, lazy) -> {
            if (lazy.built()) {
                names.add(name);
            }
        });
        return names;
    }

    private <T> Lazy<T> lazy(String name, java.util.function.Supplier<T> factory) {
        Lazy<T> service = new Lazy<>(factory);
        byName.put(name, service);
        return service;
    }

    /** Builds {@link ApiServices}; dependencies left unset refuse to be used (a wiring error, a 500). */
    public static final class Builder {
        private final DynamoDbClient dynamoDb;
        private final UsersConfig config;
        private final Clock clock;
        private CursorCodec cursors;
        private UserPool userPool = NoUserPool.INSTANCE;
        private EmailChangeDelivery delivery = message -> {
            throw new IllegalStateException("this function does not deliver email-change tokens");
        };
        private ProfileProvisioning provisioning;
        private Consumer<EmailAddress> emailPolicy = address -> { };
        private ApiSettings settings = ApiSettings.defaults();
        private ExportSettings exportSettings = ExportSettings.defaults();
        private Duration erasureGrace = AccountErasure.DEFAULT_GRACE;

        private Builder(DynamoDbClient dynamoDb, UsersConfig config, Clock clock) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
            this.config = Objects.requireNonNull(config, "config");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder cursors(CursorCodec cursors) {
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        public Builder userPool(UserPool userPool) {
            this.userPool = Objects.requireNonNull(userPool, "userPool");
            return this;
        }

        public Builder delivery(EmailChangeDelivery delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        public Builder provisioning(ProfileProvisioning provisioning) {
            this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
            return this;
        }

        /** Rules a new email address must meet (the sign-up domain lists); none by default. */
        public Builder emailPolicy(Consumer<EmailAddress> emailPolicy) {
            this.emailPolicy = Objects.requireNonNull(emailPolicy, "emailPolicy");
            return this;
        }

        public Builder exportSettings(ExportSettings settings) {
            this.exportSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** How long a deleted account can be restored before it is erased. */
        public Builder erasureGrace(Duration grace) {
            this.erasureGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /** The API's own settings (CORS origins, email delivery); defaults off Lambda when not given. */
        public Builder settings(ApiSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public ApiServices build() {
            if (cursors == null) {
                cursors = CursorCodec.fromSetting(config.cursorSigningKey(), settings.onLambda());
            }
            if (provisioning == null) {
                provisioning = provisioner(new ProfileProvisioner(dynamoDb, config.usersTable(), clock, SignUpMetrics.none()));
            }
            return new ApiServices(this);
        }
    }

    /** The pool of a function that has no business calling Cognito. */
    private enum NoUserPool implements UserPool {
        INSTANCE;

        @Override
        public PoolUser createUser(String email, String givenName, String familyName, boolean sendInvitation) {
            throw refused();
        }

        @Override
        public Optional<PoolUser> findByEmail(String email) {
            throw refused();
        }

        @Override
        public Optional<PoolUser> findBySub(String sub) {
            throw refused();
        }

        @Override
        public Optional<dev.userbase.core.userpool.PoolAccount> describe(String userName) {
            throw refused();
        }

        @Override
        public void signOutEverywhere(String userName) {
            throw refused();
        }

        @Override
        public void enable(String userName) {
            throw refused();
        }

        @Override
        public void disable(String userName) {
            throw refused();
        }

        @Override
        public void setVerifiedEmail(String userName, String email) {
            throw refused();
        }

        private static IllegalStateException refused() {
            return new IllegalStateException("this function does not call Cognito");
        }
    }
}
