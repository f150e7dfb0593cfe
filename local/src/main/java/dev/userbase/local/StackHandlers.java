package dev.userbase.local;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import dev.userbase.api.ApiServices;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.signup.SignInSettings;
import dev.userbase.local.lambda.HandlerFactory;
import dev.userbase.local.lambda.ReflectiveHandlerFactory;
import dev.userbase.stream.ChangeStreamHandler;
import dev.userbase.triggers.PostAuthenticationHandler;
import dev.userbase.triggers.UserMigrationHandler;

/**
 * Builds the handlers as the local stack runs them, each with the stack's clients and environment.
 * The API functions read settings beyond {@code UsersConfig} (CORS origins, email-change delivery and
 * its outbox) from their environment; their {@code (AwsClients, Clock)} constructor would read this
 * JVM's, so they are built from {@link ApiServices#create} with the environment the stack gives its
 * functions instead; likewise the change stream function, for its {@code AUDIT_PSEUDONYM_KEY}. Every
 * other handler through its {@code (AwsClients, Clock)} constructor.
 */
final class StackHandlers implements HandlerFactory {

    private final AwsClients clients;
    private final Clock clock;
    private final Map<String, String> environment;
    private final ReflectiveHandlerFactory others;

    StackHandlers(AwsClients clients, Clock clock, Map<String, String> environment) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Map.copyOf(environment);
        this.others = new ReflectiveHandlerFactory(clients, clock);
    }

    @Override
    public Object create(Class<?> handlerClass) throws Exception {
        for (ApiFunction function : ApiFunction.values()) {
            if (function.handlerClass().equals(handlerClass.getName())) {
                return handlerClass.getConstructor(ApiServices.class)
                        .newInstance(ApiServices.create(function, clients, clock, environment));
            }
        }
        // the two triggers whose settings are not UsersConfig's read them from the stack's environment
        if (handlerClass == PostAuthenticationHandler.class) {
            return new PostAuthenticationHandler(clients, SignInSettings.fromEnvironment(environment), clock);
        }
        if (handlerClass == UserMigrationHandler.class) {
            return new UserMigrationHandler(clients, MigrationSettings.fromEnvironment(environment), clock);
        }
        // the change stream pseudonymises erased users' audit with the stack's key, not this JVM's environment's
        if (handlerClass == ChangeStreamHandler.class) {
            return new ChangeStreamHandler(clients, clock, environment);
        }
        return others.create(handlerClass);
    }
}
