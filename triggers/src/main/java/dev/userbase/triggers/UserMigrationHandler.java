package dev.userbase.triggers;

import java.time.Clock;
import java.util.HashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolMigrateUserEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.migration.LegacyPasswords;
import dev.userbase.core.migration.MigratedUser;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.migration.UserMigrationService;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Cognito UserMigration trigger: {@code UserMigration_Authentication} migrates a legacy user whose
 * password matches the legacy bcrypt hash (CONFIRMED), {@code UserMigration_ForgotPassword} one
 * who asked for a reset code (RESET_REQUIRED), both through {@link UserMigrationService}, with
 * {@code messageAction} SUPPRESS. Every refusal is the same {@link TriggerFailure}
 * ({@link UserMigrationService#REFUSAL}), so the answer never tells whether an account exists.
 * The event carries the password: it is never logged (Powertools logs no event unless told to,
 * and tracing records errors only).
 */
public final class UserMigrationHandler
        implements RequestHandler<CognitoUserPoolMigrateUserEvent, CognitoUserPoolMigrateUserEvent> {

    static final String COMPONENT = "user-migration";
    static final String AUTHENTICATION = "UserMigration_Authentication";
    static final String FORGOT_PASSWORD = "UserMigration_ForgotPassword";

    private static final Logger LOG = LogManager.getLogger(UserMigrationHandler.class);

    private final UserMigrationService service;
    // held here because the CRaC context references its resources weakly
    final SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public UserMigrationHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), MigrationSettings.fromEnvironment(), Clock.systemUTC());
    }

    public UserMigrationHandler(AwsClients clients, MigrationSettings settings, Clock clock) {
        this(UserMigrationService.create(clients, settings, clock, SignUpMetrics.embeddedMetricFormat("triggers")));
    }

    UserMigrationHandler(UserMigrationService service) {
        this.service = service;
        // bcrypt's code path warm in the snapshot (no table is touched)
        this.priming = SnapStartPriming.register("UserMigration",
                () -> LegacyPasswords.matches("priming", null));
    }

    @Override
    @Logging
    // ERROR only: the default would copy the whole event (with the password) into X-Ray metadata
    @Tracing(captureMode = CaptureMode.ERROR)
    public CognitoUserPoolMigrateUserEvent handleRequest(CognitoUserPoolMigrateUserEvent event, Context context) {
        CognitoUserPoolMigrateUserEvent.Request request = event.getRequest() != null
                ? event.getRequest() : new CognitoUserPoolMigrateUserEvent.Request();
        // the common field; the Java event class also maps one inside request
        String userName = event.getUserName() != null ? event.getUserName() : request.getUserName();
        ChangeContext change = Invocations.changeContext(COMPONENT, context);
        String source = String.valueOf(event.getTriggerSource());
        MigratedUser user = TriggerErrors.translate("UserMigration", () -> switch (source) {
            case AUTHENTICATION -> service.migrateOnSignIn(userName, request.getPassword(), change);
            case FORGOT_PASSWORD -> service.migrateForPasswordReset(userName, change);
            default -> {
                LOG.warn("{}: unknown UserMigration trigger source, nobody migrated", source);
                throw new UserServiceException(ErrorKind.UNAUTHENTICATED, UserMigrationService.REFUSAL);
            }
        });
        CognitoUserPoolMigrateUserEvent.Response response = event.getResponse() != null
                ? event.getResponse() : new CognitoUserPoolMigrateUserEvent.Response();
        response.setUserAttributes(new HashMap<>(user.userAttributes()));
        response.setFinalUserStatus(user.finalUserStatus());
        response.setMessageAction(MigratedUser.MESSAGE_ACTION);
        // no alias is moved from another user: an address another user holds was refused above
        response.setForceAliasCreation(false);
        event.setResponse(response);
        return event;
    }
}
