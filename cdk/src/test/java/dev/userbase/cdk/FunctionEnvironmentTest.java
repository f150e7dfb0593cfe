package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.api.ApiServices;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.streams.StreamConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The environment each function gets is what its code reads: the names are the handlers' own, every
 * function gets its {@link FunctionEnvironment} and nothing else, and the API functions start with
 * exactly the environment the template gives them, as on Lambda.
 */
class FunctionEnvironmentTest {

    /** Added to every function by JavaFunction. */
    private static final Set<String> COMMON = Set.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL",
            "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR", "JAVA_TOOL_OPTIONS");

    private static final Map<String, FunctionEnvironment> FUNCTIONS = Map.ofEntries(
            Map.entry("DirectoryPreSignUp", FunctionEnvironment.PRE_SIGN_UP),
            Map.entry("DirectoryPostConfirmation", FunctionEnvironment.POST_CONFIRMATION),
            Map.entry("DirectoryPreTokenGeneration", FunctionEnvironment.PRE_TOKEN_GENERATION),
            Map.entry("DirectoryPostAuthentication", FunctionEnvironment.POST_AUTHENTICATION),
            Map.entry("JobsBackfill", FunctionEnvironment.BACKFILL),
            Map.entry("JobsReconcile", FunctionEnvironment.RECONCILE),
            Map.entry("SelfApi", FunctionEnvironment.SELF_API),
            Map.entry("SocialApi", FunctionEnvironment.SOCIAL_API),
            Map.entry("AdminApi", FunctionEnvironment.ADMIN_API),
            Map.entry("StreamsFollowCounter", FunctionEnvironment.FOLLOW_COUNTER),
            Map.entry("StreamsChangeStream", FunctionEnvironment.CHANGE_STREAM));

    @Test
    void handlerClasses_existInTheHandlerModules() throws Exception {
        for (String handler : new String[] {Handlers.PRE_SIGN_UP, Handlers.POST_CONFIRMATION,
                Handlers.PRE_TOKEN_GENERATION, Handlers.POST_AUTHENTICATION, Handlers.USER_MIGRATION,
                Handlers.BACKFILL, Handlers.RECONCILE, Handlers.FOLLOW_COUNTER, Handlers.CHANGE_STREAM}) {
            assertThat(Class.forName(handler)).isNotNull();
        }
        for (ApiFunction function : ApiFunction.values()) {
            assertThat(Class.forName(function.handlerClass())).isNotNull();
        }
        for (StreamConsumer consumer : StreamConsumer.values()) {
            assertThat(Class.forName(consumer.handlerClass())).isNotNull();
        }
        assertThat(Handlers.FOLLOW_COUNTER).isEqualTo(StreamConsumer.FOLLOW_COUNTER.handlerClass());
        assertThat(Handlers.CHANGE_STREAM).isEqualTo(StreamConsumer.CHANGE_STREAM.handlerClass());
    }

    @Test
    void everyFunction_getsItsVariables_andNoOther() {
        for (SynthesizedApp app : new SynthesizedApp[] {SynthesizedApp.dev(), SynthesizedApp.prod()}) {
            FUNCTIONS.forEach((function, environment) -> {
                Set<String> names = new TreeSet<>();
                variables(app, function).fieldNames().forEachRemaining(names::add);
                Set<String> own = new TreeSet<>(names);
                own.removeAll(COMMON);
                assertThat(names).as(function).containsAll(COMMON);
                assertThat(own).as(function).containsAll(environment.required()).isSubsetOf(environment.names());
            });
        }
        // Optional ones appear where the context asks for them: prod names an SES sender and one origin.
        assertThat(variables(SynthesizedApp.prod(), "SelfApi").get(FunctionEnvironment.EMAIL_FROM).asText())
                .isEqualTo("no-reply@mail.example.com");
        assertThat(variables(SynthesizedApp.prod(), "AdminApi").get(FunctionEnvironment.CORS_ALLOWED_ORIGINS).asText())
                .isEqualTo("https://app.example.com");
        assertThat(variables(SynthesizedApp.prod(), "SelfApi").get(FunctionEnvironment.EMAIL_CHANGE_CONFIRM_URL).asText())
                .isEqualTo("https://app.example.com/email-change?token={token}");
        assertThat(variables(SynthesizedApp.dev(), "SelfApi").has(FunctionEnvironment.EMAIL_FROM)).isFalse();
    }

    @Test
    void values_refuseAMissingOrAnUnreadVariable() {
        assertThatThrownBy(() -> FunctionEnvironment.SOCIAL_API.values(Map.of(UsersConfig.USERS_TABLE, "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CURSOR_SIGNING_KEY");
        assertThatThrownBy(() -> FunctionEnvironment.FOLLOW_COUNTER.values(Map.of(UsersConfig.USERS_TABLE, "t",
                UsersConfig.EVENT_BUS_NAME, "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not read [EVENT_BUS_NAME]");
    }

    /**
     * Each API function's services are built from the template's environment (references replaced by
     * plausible values) as Lambda builds them: a required variable missing fails here, and every
     * variable of the api-handlers module the code reads is one the stack knows about.
     */
    @ParameterizedTest
    @EnumSource(ApiFunction.class)
    void apiFunction_startsFromTheEnvironmentTheStackGivesIt(ApiFunction function) {
        String id = switch (function) {
            case SELF -> "SelfApi";
            case SOCIAL -> "SocialApi";
            case ADMIN -> "AdminApi";
        };
        for (SynthesizedApp app : new SynthesizedApp[] {SynthesizedApp.dev(), SynthesizedApp.prod()}) {
            RecordingEnvironment env = new RecordingEnvironment();
            variables(app, id).properties().forEach(v -> env.put(v.getKey(),
                    v.getValue().isTextual() ? v.getValue().asText() : "resolved-at-deployment-" + "x".repeat(40)));
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put(UsersConfig.REGION, "eu-west-1");
            UsersConfig config = UsersConfig.fromEnvironment(env);
            AwsClients clients = AwsClients.create(config,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")));

            ApiServices services = ApiServices.create(function, clients, Clock.systemUTC(), env);

            assertThat(services.config().usersTable()).isNotEqualTo("users"); // not the local default
            if (function == ApiFunction.ADMIN) {
                assertThat(services.config().idempotencyTable()).isNotEqualTo("users-idempotency");
            }
            Set<String> read = new TreeSet<>(env.read);
            // UsersConfig reads all of its names in every function; which of them each function uses is
            // what FunctionEnvironment records (checked against the template above).
            read.removeAll(usersConfigNames());
            // ApiSettings likewise reads all of its names in each API function (among them Lambda's own
            // variable, the outbox of the local stack and the SES endpoint override of tests)
            read.removeAll(apiSettingsNames());
            assertThat(read).as("api-handlers variables %s reads", function)
                    .isSubsetOf(FUNCTIONS.get(id).names());
        }
    }

    private static Set<String> apiSettingsNames() {
        return Set.of(ApiSettings.CORS_ALLOWED_ORIGINS, ApiSettings.EMAIL_CHANGE_DELIVERY, ApiSettings.EMAIL_FROM,
                ApiSettings.EMAIL_CHANGE_CONFIRM_URL, ApiSettings.EMAIL_OUTBOX_DIR, ApiSettings.SES_ENDPOINT,
                ApiSettings.EXECUTION_ENV, ApiSettings.ERASURE_GRACE_DAYS);
    }

    private static Set<String> usersConfigNames() {
        return Set.of(UsersConfig.REGION, UsersConfig.USERS_TABLE, UsersConfig.IDEMPOTENCY_TABLE,
                UsersConfig.USER_POOL_ID, UsersConfig.EVENT_BUS_NAME, UsersConfig.EVENT_SOURCE,
                UsersConfig.EMAIL_RESERVATION_TTL_HOURS, UsersConfig.FEDERATED_SIGNUP_POLICY,
                UsersConfig.EMAIL_DOMAIN_ALLOWLIST, UsersConfig.EMAIL_DOMAIN_DENYLIST, UsersConfig.CURSOR_SIGNING_KEY,
                UsersConfig.DYNAMODB_ENDPOINT, UsersConfig.EVENTBRIDGE_ENDPOINT, UsersConfig.COGNITO_ENDPOINT);
    }

    private static JsonNode variables(SynthesizedApp app, String function) {
        return app.resources("AWS::Lambda::Function").get(app.logicalId("AWS::Lambda::Function", function + "Function"))
                .at("/Properties/Environment/Variables");
    }

    /** An environment that remembers which names were asked for. */
    private static final class RecordingEnvironment extends HashMap<String, String> {
        final Set<String> read = new TreeSet<>();

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(String.valueOf(key));
            return super.getOrDefault(key, defaultValue);
        }
    }
}
