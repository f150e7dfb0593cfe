package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.migration.LegacyUsersTable;
import dev.userbase.core.migration.MigrationSettings;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.KeepOriginalAttrs;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolEmail;
import software.amazon.awscdk.services.cognito.UserPoolGroupOptions;
import software.amazon.awscdk.services.cognito.UserPoolOperation;
import software.amazon.awscdk.services.cognito.UserPoolSESOptions;
import software.amazon.awscdk.services.cognito.UserVerificationConfig;
import software.amazon.awscdk.services.cognito.VerificationEmailStyle;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The Cognito user pool with its three triggers, the hosted-UI client and domain, and the
 * {@value #ADMIN_GROUP} group.
 *
 * <p>The triggers cannot be given the pool id as an environment variable: the pool references the
 * trigger (its LambdaConfig) and the trigger would reference the pool, a cycle CloudFormation
 * rejects. Every trigger event carries {@code userPoolId}, so the handlers read it from there, and
 * the PreSignUp role's Cognito permissions live in a separate policy, which the function does not
 * depend on, scoped to this pool's ARN.
 */
public final class UserDirectory extends Construct {

    public static final String ADMIN_GROUP = "admin";

    /**
     * @param emailPolicy the sign-up policy variables (reservation TTL, federated policy, domain lists)
     */
    public record Props(DeploymentSettings settings, Code triggersCode, TableAccess users,
            Map<String, String> emailPolicy) {
    }

    private final List<JavaFunction> triggers = new ArrayList<>();
    private final UserPool userPool;
    private final UserPoolClient client;
    private final UserPoolDomain domain;

    public UserDirectory(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        TableAccess users = props.users();

        Map<String, String> signUpEnvironment = new HashMap<>(props.emailPolicy());
        signUpEnvironment.put(UsersConfig.USERS_TABLE, users.table().getTableName());
        Map<String, String> tableOnly = Map.of(UsersConfig.USERS_TABLE, users.table().getTableName());

        JavaFunction preSignUp = trigger(props, "PreSignUp", Handlers.PRE_SIGN_UP, 1024,
                "Cognito PreSignUp: validates and reserves the email, links or denies federated sign-ups",
                FunctionEnvironment.PRE_SIGN_UP.values(signUpEnvironment));
        JavaFunction postConfirmation = trigger(props, "PostConfirmation", Handlers.POST_CONFIRMATION, 1024,
                "Cognito PostConfirmation: creates the profile and confirms the email reservation",
                FunctionEnvironment.POST_CONFIRMATION.values(tableOnly));
        JavaFunction preTokenGeneration = trigger(props, "PreTokenGeneration", Handlers.PRE_TOKEN_GENERATION, 1024,
                "Cognito PreTokenGeneration: adds role and status claims",
                FunctionEnvironment.PRE_TOKEN_GENERATION.values(tableOnly));
        JavaFunction postAuthentication = trigger(props, "PostAuthentication", Handlers.POST_AUTHENTICATION, 1024,
                "Cognito PostAuthentication: records lastSignInAt (at most once per interval), provisions migrated users",
                FunctionEnvironment.POST_AUTHENTICATION.values(tableOnly));

        // PreSignUpService: the reservation is one conditional PutItem (also its priming), the holder a GetItem.
        users.grantItems(preSignUp.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM);
        // ProfileProvisioner: GetItem, TransactWriteItems putting the profile and updating or putting the
        // reservation, a ConditionCheck when priming; PasswordChangeRecorder: UpdateItem.
        users.grantItems(postConfirmation.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.CONDITION_CHECK_ITEM);
        // SignInRecorder: GetItem (profile, reservation), UpdateItem (lastSignInAt); its ProfileProvisioner as above.
        users.grantItems(postAuthentication.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM,
                TableAccess.UPDATE_ITEM, TableAccess.CONDITION_CHECK_ITEM);
        // TokenClaimsService reads the profile for claims, writes nothing.
        users.grantItems(preTokenGeneration.role(), TableAccess.GET_ITEM);

        userPool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(settings.namePrefix())
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .signInCaseSensitive(false)
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                // An email change takes effect only once the new address is verified.
                .keepOriginal(KeepOriginalAttrs.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build())
                        .build())
                .userVerification(UserVerificationConfig.builder().emailStyle(VerificationEmailStyle.CODE).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .featurePlan(settings.threatProtection() ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS)
                .standardThreatProtectionMode(settings.threatProtection()
                        ? StandardThreatProtectionMode.FULL_FUNCTION
                        : StandardThreatProtectionMode.NO_ENFORCEMENT)
                .email(email(settings))
                .deletionProtection(settings.production())
                .removalPolicy(settings.removalPolicy())
                .build();

        userPool.addTrigger(UserPoolOperation.PRE_SIGN_UP, preSignUp.alias());
        userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, postConfirmation.alias());
        userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, preTokenGeneration.alias());
        userPool.addTrigger(UserPoolOperation.POST_AUTHENTICATION, postAuthentication.alias());
        JavaFunction userMigration = settings.legacyUsersTable() == null ? null
                : legacyMigration(props, settings.legacyUsersTable(), signUpEnvironment);

        // Finding the native user of a federated sign-up's email and linking to it. A separate policy:
        // in the function's default policy the pool ARN would make the function depend on the pool.
        Policy.Builder.create(this, "PreSignUpCognitoAccess")
                .roles(List.of(preSignUp.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser"))
                        .resources(List.of(userPool.getUserPoolArn()))
                        .build()))
                .build();

        client = userPool.addClient("WebClient", UserPoolClientOptions.builder()
                .userPoolClientName(settings.namePrefix() + "-web")
                // A public client (browser or mobile app): code grant with PKCE, no secret to leak.
                .generateSecret(false)
                // SRP never shows Cognito the password, so the UserMigration trigger could not check it:
                // with a legacy table, clients sign legacy users in with USER_PASSWORD_AUTH (over TLS).
                .authFlows(AuthFlow.builder().userSrp(true).userPassword(userMigration != null).build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE))
                        .callbackUrls(settings.callbackUrls())
                        .logoutUrls(settings.logoutUrls())
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.days(30))
                .build());

        String domainPrefix = settings.authDomainPrefix() != null
                ? settings.authDomainPrefix()
                : settings.namePrefix() + "-" + Aws.ACCOUNT_ID;
        domain = userPool.addDomain("HostedUi", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(domainPrefix).build())
                .build());

        userPool.addGroup("AdminGroup", UserPoolGroupOptions.builder()
                .groupName(ADMIN_GROUP)
                .description("Administrators: may call the admin routes of the API")
                .precedence(0)
                .build());

        Suppressions.suppress(userPool, "AwsSolutions-COG2",
                "MFA is optional (TOTP) so that sign-up stays self-service; threat protection adds "
                        + "adaptive authentication for risky sign-ins.");
        if (!settings.threatProtection()) {
            Suppressions.suppress(userPool, "AwsSolutions-COG3",
                    "Threat protection was switched off for this environment with -c threatProtection=false "
                            + "(it needs the Plus feature plan); production keeps the default, ENFORCED.");
        }
    }

    /**
     * The UserMigration trigger over the team's existing legacy table: read-only, GetItem on the table
     * and Query on its {@value LegacyUsersTable#EMAIL_INDEX} index and nothing else; on our table the
     * reservation's conditional PutItem and the holder's GetItem. A table encrypted with a
     * customer-managed key also needs {@code kms:Decrypt} on that key, which this stack cannot know.
     */
    private JavaFunction legacyMigration(Props props, String legacyTable, Map<String, String> signUpEnvironment) {
        Map<String, String> environment = new HashMap<>();
        environment.put(UsersConfig.USERS_TABLE, signUpEnvironment.get(UsersConfig.USERS_TABLE));
        environment.put(UsersConfig.EMAIL_RESERVATION_TTL_HOURS,
                signUpEnvironment.get(UsersConfig.EMAIL_RESERVATION_TTL_HOURS));
        environment.put(MigrationSettings.LEGACY_USERS_TABLE, legacyTable);
        environment.put(MigrationSettings.LEGACY_USERS_EMAIL_INDEX, LegacyUsersTable.EMAIL_INDEX);
        // bcrypt is CPU-bound: 1769 MB is one full vCPU, so a cost-10 check takes tens of milliseconds
        JavaFunction function = trigger(props, "UserMigration", Handlers.USER_MIGRATION, 1769,
                "Cognito UserMigration: signs legacy users in with their old password (bcrypt) and reserves their email",
                FunctionEnvironment.USER_MIGRATION.values(environment));
        props.users().grantItems(function.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM);
        ITable legacy = Table.fromTableName(this, "LegacyUsersTable", legacyTable);
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(TableAccess.GET_ITEM))
                .resources(List.of(legacy.getTableArn()))
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(TableAccess.QUERY))
                .resources(List.of(legacy.getTableArn() + "/index/" + LegacyUsersTable.EMAIL_INDEX))
                .build());
        userPool.addTrigger(UserPoolOperation.USER_MIGRATION, function.alias());
        return function;
    }

    /** A trigger function, from the triggers jar; Cognito waits at most 5 seconds for it, longer would only be billed. */
    private JavaFunction trigger(Props props, String id, String handler, int memoryMb, String description,
            Map<String, String> environment) {
        JavaFunction function = new JavaFunction(this, id, new JavaFunction.Props(handler, props.triggersCode(), memoryMb,
                Duration.seconds(5), description, environment, props.settings()));
        triggers.add(function);
        return function;
    }

    private static UserPoolEmail email(DeploymentSettings settings) {
        if (settings.emailFrom() == null) {
            return UserPoolEmail.withCognito();
        }
        String from = settings.emailFrom();
        return UserPoolEmail.withSES(UserPoolSESOptions.builder()
                .fromEmail(from)
                .sesRegion(settings.sesRegion())
                .sesVerifiedDomain(from.substring(from.indexOf('@') + 1))
                .build());
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient client() {
        return client;
    }

    public UserPoolDomain domain() {
        return domain;
    }

    /** Every trigger function: the four of every pool, and UserMigration with a legacy users table. */
    public List<JavaFunction> triggers() {
        return List.copyOf(triggers);
    }
}
