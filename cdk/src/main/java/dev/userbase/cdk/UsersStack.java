package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.deploy.StackOutput;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import dev.userbase.events.EventContract;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The whole users service in one stack, {@code users-<env>-stack}: tables, Cognito with its triggers,
 * the REST API, the stream consumers, the event bus, alarms and a dashboard.
 */
public final class UsersStack extends Stack {

    /** @param contract the published event contract (events-schema), registered in the schema registry */
    public record Inputs(DeploymentSettings settings, LambdaArtifacts artifacts, EventContract contract) {

        public Inputs {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(artifacts, "artifacts");
            Objects.requireNonNull(contract, "contract");
        }

        public Inputs(DeploymentSettings settings, LambdaArtifacts artifacts) {
            this(settings, artifacts, EventContract.load());
        }
    }

    private final DeploymentSettings settings;
    private final Table usersTable;
    private final Table idempotencyTable;
    private final Secret cursorSigningKey;
    private final DomainEventBus events;
    private final UserDirectory directory;
    private final Jobs jobs;
    private final Map<ApiFunction, JavaFunction> apiFunctions = new EnumMap<>(ApiFunction.class);
    private final UsersApi api;
    private final StreamConsumers streams;
    private final Monitoring monitoring;
    private final SmokeTestAccess smokeTest;

    public UsersStack(Construct scope, String id, StackProps props, Inputs inputs) {
        super(scope, id, props);
        settings = inputs.settings();

        Key tableKey = settings.customerManagedKey()
                ? Key.Builder.create(this, "TableKey")
                        .description("Encrypts the " + settings.namePrefix() + " tables")
                        .enableKeyRotation(true)
                        .removalPolicy(settings.removalPolicy())
                        .build()
                : null;
        usersTable = TableFactory.create(this, "UsersTable", UsersTable.DEFINITION, tableKey,
                settings.removalPolicy(), settings.production());
        idempotencyTable = TableFactory.create(this, "IdempotencyTable", IdempotencyTable.DEFINITION, tableKey,
                settings.removalPolicy(), settings.production());
        TableAccess users = new TableAccess(usersTable, UsersTable.DEFINITION);
        TableAccess idempotency = new TableAccess(idempotencyTable, IdempotencyTable.DEFINITION);

        cursorSigningKey = Secret.Builder.create(this, "CursorSigningKey")
                .description("HMAC key that makes the API's pagination cursors tamper-evident")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(settings.removalPolicy())
                .build();
        Suppressions.suppress(cursorSigningKey, "AwsSolutions-SMG4",
                "The cursor signing key is rotated by deploying a new secret version (docs/DEPLOY.md, "
                        + "Cursor signing key): functions receive it at deployment, and a rotation only "
                        + "invalidates outstanding cursors.");

        events = new DomainEventBus(this, "Events", new DomainEventBus.Props(settings, inputs.contract()));

        Map<String, String> emailPolicy = emailPolicy(settings);
        directory = new UserDirectory(this, "Directory", new UserDirectory.Props(
                settings, inputs.artifacts().triggersCode(), users, emailPolicy));

        createApiFunctions(inputs.artifacts().apiHandlersCode(), users, idempotency, emailPolicy);
        Map<ApiFunction, IFunction> aliases = new EnumMap<>(ApiFunction.class);
        apiFunctions.forEach((function, lambda) -> aliases.put(function, lambda.alias()));
        api = new UsersApi(this, "Api", new UsersApi.Props(settings, directory.userPool(), aliases));

        streams = new StreamConsumers(this, "Streams", new StreamConsumers.Props(settings,
                inputs.artifacts().streamHandlersCode(), users, idempotency, events.bus(), directory.userPool()));

        jobs = new Jobs(this, "Jobs", new Jobs.Props(settings, inputs.artifacts().triggersCode(), users,
                directory.userPool()));

        List<JavaFunction> functions = new ArrayList<>(directory.triggers());
        functions.addAll(jobs.functions());
        functions.addAll(apiFunctions.values());
        streams.consumers().forEach(consumer -> functions.add(consumer.function()));
        monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(settings, functions, streams.consumers(),
                List.of(new Monitoring.WatchedTable("Users", usersTable),
                        new Monitoring.WatchedTable("Idempotency", idempotencyTable)),
                api.api(), events.bus().getEventBusName(), events.logRule()));

        smokeTest = new SmokeTestAccess(this, "SmokeTest", new SmokeTestAccess.Props(settings, directory.userPool(),
                events.eventLog(), settings.ciDeployRole()));

        Map<StackOutput, String> values = new EnumMap<>(StackOutput.class);
        values.put(StackOutput.API_URL, api.api().getUrl());
        values.put(StackOutput.API_ID, api.api().getRestApiId());
        values.put(StackOutput.USERS_TABLE_NAME, usersTable.getTableName());
        values.put(StackOutput.IDEMPOTENCY_TABLE_NAME, idempotencyTable.getTableName());
        values.put(StackOutput.EVENT_BUS_NAME, events.bus().getEventBusName());
        values.put(StackOutput.EVENT_BUS_ARN, events.bus().getEventBusArn());
        values.put(StackOutput.EVENT_LOG_GROUP_NAME, events.eventLog().getLogGroupName());
        values.put(StackOutput.USER_POOL_ID, directory.userPool().getUserPoolId());
        values.put(StackOutput.USER_POOL_PROVIDER_URL, directory.userPool().getUserPoolProviderUrl());
        values.put(StackOutput.USER_POOL_CLIENT_ID, directory.client().getUserPoolClientId());
        values.put(StackOutput.SMOKE_TEST_CLIENT_ID, smokeTest.client().getUserPoolClientId());
        values.put(StackOutput.SMOKE_TEST_ROLE_ARN, smokeTest.role().getRoleArn());
        values.put(StackOutput.HOSTED_UI_BASE_URL, directory.domain().baseUrl());
        values.put(StackOutput.ALARM_TOPIC_ARN, monitoring.topic().getTopicArn());
        values.put(StackOutput.CURSOR_SIGNING_KEY_ARN, cursorSigningKey.getSecretArn());
        values.put(StackOutput.DASHBOARD_NAME, monitoring.dashboard().getDashboardName());
        for (StackOutput output : StackOutput.values()) {
            String value = Objects.requireNonNull(values.get(output), () -> "no value for the output " + output.key());
            CfnOutput.Builder.create(this, output.key()).value(value).description(output.description()).build();
        }

        Tags.of(this).add("Service", "userbase");
        Tags.of(this).add("Environment", settings.environment());
        Tags.of(this).add("ManagedBy", "cdk");
        Tags.of(this).add("Domain", "user-management");
    }

    /** The sign-up policy, shared by every function that validates an email address. */
    private static Map<String, String> emailPolicy(DeploymentSettings settings) {
        Map<String, String> policy = new HashMap<>();
        policy.put(UsersConfig.EMAIL_RESERVATION_TTL_HOURS, Integer.toString(settings.emailReservationTtlHours()));
        policy.put(UsersConfig.FEDERATED_SIGNUP_POLICY, settings.federatedSignUpPolicy().name());
        if (!settings.emailDomainAllowlist().isEmpty()) {
            policy.put(UsersConfig.EMAIL_DOMAIN_ALLOWLIST, settings.emailDomainAllowlist());
        }
        if (!settings.emailDomainDenylist().isEmpty()) {
            policy.put(UsersConfig.EMAIL_DOMAIN_DENYLIST, settings.emailDomainDenylist());
        }
        return policy;
    }

    private void createApiFunctions(Code code, TableAccess users, TableAccess idempotency,
            Map<String, String> emailPolicy) {
        String poolId = directory.userPool().getUserPoolId();
        String poolArn = directory.userPool().getUserPoolArn();
        // Resolved by CloudFormation at deployment: the key never appears in the template or the assembly.
        String cursorKey = (settings.cursorKeyVersionId() == null
                ? cursorSigningKey.getSecretValue()
                : SecretValue.secretsManager(cursorSigningKey.getSecretArn(), SecretsManagerSecretOptions.builder()
                        .versionId(settings.cursorKeyVersionId())
                        .build()))
                .unsafeUnwrap();

        Map<String, String> self = new HashMap<>();
        self.put(UsersConfig.USERS_TABLE, usersTable.getTableName());
        self.put(UsersConfig.USER_POOL_ID, poolId);
        self.put(UsersConfig.CURSOR_SIGNING_KEY, cursorKey); // the export's section cursors
        // The email change checks the new address against the sign-up domain lists.
        for (String list : List.of(UsersConfig.EMAIL_DOMAIN_ALLOWLIST, UsersConfig.EMAIL_DOMAIN_DENYLIST)) {
            if (emailPolicy.containsKey(list)) {
                self.put(list, emailPolicy.get(list));
            }
        }
        self.put(FunctionEnvironment.EMAIL_CHANGE_DELIVERY, "ses");
        if (settings.emailFrom() != null) {
            self.put(FunctionEnvironment.EMAIL_FROM, settings.emailFrom());
        }
        if (settings.emailChangeConfirmUrl() != null) {
            self.put(FunctionEnvironment.EMAIL_CHANGE_CONFIRM_URL, settings.emailChangeConfirmUrl());
        }
        JavaFunction selfApi = apiFunction(ApiFunction.SELF, code, FunctionEnvironment.SELF_API, self,
                "API, the caller's own profile, preferences and email change");
        // ProfileService (GetItem, UpdateItem), the provisioner when the profile is missing (TransactWriteItems:
        // Put, Update), PreferencesService (GetItem, UpdateItem), EmailChangeService (GetItem; TransactWriteItems:
        // Put, Update, Delete). No ConditionCheck: the API never primes the provisioner's transaction.
        users.grantItems(selfApi.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.DELETE_ITEM);
        // EmailChangeService sets the verified email; DELETE /users/me disables the user (AccountLifecycle).
        selfApi.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:AdminDisableUser", "cognito-idp:AdminUpdateUserAttributes"))
                .resources(List.of(poolArn))
                .build());
        grantExport(selfApi, users, poolArn);
        if (settings.emailFrom() != null) {
            grantSendEmail(selfApi, settings.emailFrom());
        } else {
            Annotations.of(selfApi).addWarningV2("userbase:noEmailFrom", "No SES sender (-c " + DeploymentSettings.EMAIL_FROM
                    + "=...): POST /users/me/email-change answers 503 in this environment.");
        }

        Map<String, String> social = new HashMap<>();
        social.put(UsersConfig.USERS_TABLE, usersTable.getTableName());
        social.put(UsersConfig.CURSOR_SIGNING_KEY, cursorKey);
        JavaFunction socialApi = apiFunction(ApiFunction.SOCIAL, code, FunctionEnvironment.SOCIAL_API, social,
                "API, public profiles, follows, followers and search");
        // FollowService: GetItem (the followee), PutItem and DeleteItem (edges), BatchGetItem (ProfileSummaries of
        // a list). A follow by a caller without a profile provisions it first (TransactWriteItems: Put, Update).
        users.grantItems(socialApi.role(), TableAccess.GET_ITEM, TableAccess.BATCH_GET_ITEM, TableAccess.PUT_ITEM,
                TableAccess.UPDATE_ITEM, TableAccess.DELETE_ITEM);
        // Following lists and profile-with-preferences query the table; followers and search their indexes.
        users.grantQuery(socialApi.role(), true, UsersTable.FOLLOWERS_INDEX, UsersTable.SEARCH_INDEX);

        Map<String, String> admin = new HashMap<>();
        admin.put(UsersConfig.USERS_TABLE, usersTable.getTableName());
        admin.put(UsersConfig.IDEMPOTENCY_TABLE, idempotencyTable.getTableName());
        admin.put(UsersConfig.USER_POOL_ID, poolId);
        admin.put(UsersConfig.CURSOR_SIGNING_KEY, cursorKey);
        JavaFunction adminApi = apiFunction(ApiFunction.ADMIN, code, FunctionEnvironment.ADMIN_API, admin,
                "API, administration: user creation, status, roles, listing and audit");
        // ProfileService.changeStatus and roles (GetItem, UpdateItem), the provisioner of POST /users
        // (TransactWriteItems: Put, Update). IdempotencyRecords: the link to POST /users' idempotency record
        // (PutItem), deleted again if the new user's erasure overtook the request (DeleteItem; PutItem could
        // overwrite the same items already).
        users.grantItems(adminApi.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.DELETE_ITEM);
        // The audit trail is a partition of the base table; the listing reads the by-status index.
        users.grantQuery(adminApi.role(), true, UsersTable.STATUS_INDEX);
        // Powertools' DynamoDB persistence store of @Idempotent.
        idempotency.grantItems(adminApi.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.DELETE_ITEM);
        // UserCreation: create, find an interrupted creation by email (AdminGetUser), disable a user it could not
        // finish (the change stream deletes it: no AdminDeleteUser here); AccountLifecycle by sub (ListUsers),
        // enable, disable, sign out everywhere.
        adminApi.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:AdminCreateUser",
                        "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser", "cognito-idp:AdminGetUser",
                        "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:ListUsers"))
                .resources(List.of(poolArn))
                .build());
        grantExport(adminApi, users, poolArn);
    }

    /**
     * DataExport (GET /users/me/export, GET /users/{id}/export): the user's partition, audit trail and
     * following edges (Query on the table), their followers (the followers index), the rate-limit
     * item and the audit entry (UpdateItem, PutItem, granted above), the Cognito attributes and groups.
     */
    private static void grantExport(JavaFunction function, TableAccess users, String poolArn) {
        users.grantQuery(function.role(), true, UsersTable.FOLLOWERS_INDEX);
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser"))
                .resources(List.of(poolArn))
                .build());
    }

    /**
     * SES SendEmail from {@code from} only: on the sender's address and domain identities in this
     * stack's region (SES authorizes against the identity that verified the sender).
     */
    private void grantSendEmail(JavaFunction function, String from) {
        String identities = "arn:" + Aws.PARTITION + ":ses:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":identity/";
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(identities + from, identities + from.substring(from.indexOf('@') + 1)))
                .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", from)))
                .build());
    }

    /** An API function with {@code variables}, and the browser origins CORS allows if there are any. */
    private JavaFunction apiFunction(ApiFunction function, Code code, FunctionEnvironment environment,
            Map<String, String> variables, String description) {
        Map<String, String> values = new HashMap<>(variables);
        if (!settings.corsOrigins().isEmpty()) {
            values.put(FunctionEnvironment.CORS_ALLOWED_ORIGINS, String.join(",", settings.corsOrigins()));
        }
        String id = switch (function) {
            case SELF -> "SelfApi";
            case SOCIAL -> "SocialApi";
            case ADMIN -> "AdminApi";
        };
        JavaFunction lambda = new JavaFunction(this, id, new JavaFunction.Props(function.handlerClass(), code, 1024,
                Duration.seconds(ApiFunction.TIMEOUT.toSeconds()), description, environment.values(values), settings));
        apiFunctions.put(function, lambda);
        return lambda;
    }

    public DeploymentSettings settings() {
        return settings;
    }

    public Table usersTable() {
        return usersTable;
    }

    public Table idempotencyTable() {
        return idempotencyTable;
    }

    public Secret cursorSigningKey() {
        return cursorSigningKey;
    }

    public DomainEventBus events() {
        return events;
    }

    public Jobs jobs() {
        return jobs;
    }

    public UserDirectory directory() {
        return directory;
    }

    public Map<ApiFunction, JavaFunction> apiFunctions() {
        return Map.copyOf(apiFunctions);
    }

    public UsersApi api() {
        return api;
    }

    public StreamConsumers streams() {
        return streams;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    public SmokeTestAccess smokeTest() {
        return smokeTest;
    }
}
