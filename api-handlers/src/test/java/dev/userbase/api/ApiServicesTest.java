package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** How each function is wired from its environment (no call leaves the JVM: clients are only built). */
class ApiServicesTest {

    private static final Map<String, String> LAMBDA = Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java17");

    @Test
    void onLambda_everyFunctionRefusesToStartWithoutACursorKey() {
        AwsClients clients = clients(Map.of(UsersConfig.USER_POOL_ID, "eu-west-1_X"));
        for (ApiFunction function : ApiFunction.values()) {
            // the self function signs the export's section cursors
            assertThatThrownBy(() -> ApiServices.create(function, clients, Clock.systemUTC(), LAMBDA))
                    .as(function.name()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CURSOR_SIGNING_KEY");
        }
    }

    @Test
    void onLambda_theSelfFunctionNeedsNoEmailSenderToStart() {
        AwsClients clients = clients(Map.of(UsersConfig.USER_POOL_ID, "eu-west-1_X",
                UsersConfig.CURSOR_SIGNING_KEY, "k".repeat(32)));
        assertThat(ApiServices.create(ApiFunction.SELF, clients, Clock.systemUTC(), LAMBDA)).isNotNull();
    }

    @Test
    void aFunction_buildsOnlyTheServicesItsRoutesAskFor() {
        AwsClients clients = clients(Map.of(UsersConfig.CURSOR_SIGNING_KEY, "k".repeat(32)));
        ApiServices social = ApiServices.create(ApiFunction.SOCIAL, clients, Clock.systemUTC(), Map.of());
        assertThat(social.built()).isEmpty();

        social.follows();
        social.search();
        assertThat(social.built()).containsExactly("follows", "search");
        assertThat(social.follows()).isSameAs(social.follows());

        ApiServices self = ApiServices.builder(clients.dynamoDb(), clients.config(), Clock.systemUTC()).build();
        self.profiles();
        assertThat(self.built()).containsExactly("emailChanges", "profiles"); // profiles finish a pending email change
    }

    @Test
    void functionsThatCallCognito_needTheUserPoolId_theSocialOneDoesNot() {
        AwsClients clients = clients(Map.of(UsersConfig.CURSOR_SIGNING_KEY, "k".repeat(32)));
        assertThatThrownBy(() -> ApiServices.create(ApiFunction.SELF, clients, Clock.systemUTC(), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("USER_POOL_ID");
        assertThatThrownBy(() -> ApiServices.create(ApiFunction.ADMIN, clients, Clock.systemUTC(), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("USER_POOL_ID");
        assertThat(ApiServices.create(ApiFunction.SOCIAL, clients, Clock.systemUTC(), Map.of())).isNotNull();
    }

    @Test
    void corsOrigins_areReadFromTheEnvironment_andEchoedOnlyWhenAllowed() {
        AwsClients clients = clients(Map.of(UsersConfig.CURSOR_SIGNING_KEY, "k".repeat(32)));
        ApiServices services = ApiServices.create(ApiFunction.SOCIAL, clients, Clock.systemUTC(),
                Map.of(dev.userbase.core.config.ApiSettings.CORS_ALLOWED_ORIGINS, "https://app.example.com, https://admin.example.com"));
        assertThat(services.corsOrigins()).containsExactlyInAnyOrder("https://app.example.com", "https://admin.example.com");

        var allowed = dev.userbase.api.http.ApiResponses.toEvent(dev.userbase.api.http.ApiResponse.noContent(), "r",
                "https://app.example.com", services.corsOrigins());
        var other = dev.userbase.api.http.ApiResponses.toEvent(dev.userbase.api.http.ApiResponse.noContent(), "r",
                "https://evil.example.com", services.corsOrigins());
        assertThat(allowed.getHeaders()).containsEntry("Access-Control-Allow-Origin", "https://app.example.com")
                .containsEntry("Vary", "Origin");
        assertThat(allowed.getHeaders().get("Access-Control-Expose-Headers")).contains("ETag");
        assertThat(other.getHeaders()).doesNotContainKey("Access-Control-Allow-Origin");
    }

    private static AwsClients clients(Map<String, String> env) {
        return AwsClients.create(UsersConfig.fromEnvironment(env), AnonymousCredentialsProvider.create());
    }
}
