package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.config.FederatedSignUpPolicy;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

class DeploymentSettingsTest {

    private static final Map<String, Object> PROD = Map.of(
            DeploymentSettings.ENV, "prod",
            DeploymentSettings.CALLBACK_URLS, "https://app.example.com/cb, https://admin.example.com/cb",
            DeploymentSettings.LOGOUT_URLS, "https://app.example.com/",
            DeploymentSettings.EMAIL_FROM, "no-reply@mail.example.com",
            DeploymentSettings.SES_REGION, "eu-west-1");

    @Test
    void fromContext_whenEmpty_isADevelopmentEnvironmentWithSecureDefaults() {
        DeploymentSettings dev = TestInputs.devSettings();
        assertThat(dev.environment()).isEqualTo("dev");
        assertThat(dev.stackName()).isEqualTo("users-dev-stack");
        assertThat(dev.production()).isFalse();
        assertThat(dev.removalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(dev.corsOrigins()).containsExactly("http://localhost:3000");
        assertThat(dev.threatProtection()).isTrue();
        assertThat(dev.waf()).isTrue();
        assertThat(dev.logRetention()).isEqualTo(RetentionDays.ONE_MONTH);
        assertThat(dev.federatedSignUpPolicy()).isEqualTo(FederatedSignUpPolicy.LINK);
        assertThat(dev.ciDeployRole()).isEqualTo(CiStack.DEPLOY_ROLE_NAME);
    }

    @Test
    void fromContext_forProduction_retainsDataAndHasNoDevelopmentOrigins() {
        DeploymentSettings prod = TestInputs.settings(PROD);
        assertThat(prod.production()).isTrue();
        assertThat(prod.removalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
        assertThat(prod.corsOrigins()).isEmpty();
        assertThat(prod.callbackUrls()).containsExactly("https://app.example.com/cb", "https://admin.example.com/cb");
        assertThat(prod.logRetention()).isEqualTo(RetentionDays.ONE_YEAR);
    }

    @Test
    void fromContext_forProduction_withoutRedirectUrls_fails() {
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.ENV, "prod")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callbackUrls");
    }

    @Test
    void fromContext_forProduction_withoutAnSesSender_fails() {
        Map<String, Object> withoutSender = new HashMap<>(PROD);
        withoutSender.remove(DeploymentSettings.EMAIL_FROM);
        assertThatThrownBy(() -> TestInputs.settings(withoutSender))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("emailFrom");
    }

    @Test
    void fromContext_acceptsListsFromCdkJson_andNoneForNoCors() {
        DeploymentSettings settings = TestInputs.settings(Map.of(
                DeploymentSettings.CORS_ORIGINS, List.of("https://a.example", " https://b.example "),
                DeploymentSettings.LOG_LEVEL, "debug"));
        assertThat(settings.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(settings.logLevel()).isEqualTo("DEBUG");
        assertThat(TestInputs.settings(Map.of(DeploymentSettings.CORS_ORIGINS, "none")).corsOrigins()).isEmpty();
    }

    @Test
    void fromContext_rejectsValuesThatWouldDeploySomethingElse() {
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.ENV, "Prod_1")))
                .hasMessageContaining("env");
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.WAF, "yes")))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.LOG_RETENTION_DAYS, "10")))
                .hasMessageContaining("logRetentionDays");
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.EMAIL_FROM, "no-at-sign")))
                .hasMessageContaining("emailFrom");
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.EMAIL_FROM, "a@example.com")))
                .hasMessageContaining("sesRegion");
        for (String url : new String[] {"http://app.example.com/?t={token}", "https://app.example.com/confirm"}) {
            assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.EMAIL_CHANGE_CONFIRM_URL, url)))
                    .hasMessageContaining("emailChangeConfirmUrl");
        }
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.FEDERATED_SIGNUP_POLICY, "ALLOW")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.CI_DEPLOY_ROLE, "role/*")))
                .hasMessageContaining("ciDeployRole");
        assertThatThrownBy(() -> TestInputs.settings(Map.of(DeploymentSettings.EMAIL_RESERVATION_TTL_HOURS, "0")))
                .hasMessageContaining("positive");
    }

    @Test
    void logRetention_mapsEveryAllowedValue() {
        for (int days : List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
                2557, 2922, 3288, 3653)) {
            assertThat(TestInputs.settings(Map.of(DeploymentSettings.LOG_RETENTION_DAYS, Integer.toString(days)))
                    .logRetention()).isNotNull();
        }
    }
}
