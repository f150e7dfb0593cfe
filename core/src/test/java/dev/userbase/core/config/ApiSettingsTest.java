package dev.userbase.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void defaults_offLambda_areTheOutboxAndNoOrigins() {
        ApiSettings settings = ApiSettings.defaults();
        assertThat(settings.onLambda()).isFalse();
        assertThat(settings.emailDelivery()).isEqualTo(ApiSettings.Delivery.OUTBOX);
        assertThat(settings.emailOutbox()).isEqualTo(Path.of(".local/outbox"));
        assertThat(settings.corsAllowedOrigins()).isEmpty();
        assertThat(settings.emailFrom()).isNull();
        assertThat(settings.sesEndpoint()).isNull();
    }

    @Test
    void onLambda_defaultsToSes_andEveryNameIsRead() {
        ApiSettings settings = ApiSettings.fromEnvironment(Map.of(
                ApiSettings.EXECUTION_ENV, "AWS_Lambda_java17",
                ApiSettings.CORS_ALLOWED_ORIGINS, " https://app.example.com, ,https://admin.example.com ",
                ApiSettings.EMAIL_FROM, "no-reply@example.com",
                ApiSettings.EMAIL_CHANGE_CONFIRM_URL, "https://app.example.com/confirm?t={token}",
                ApiSettings.SES_ENDPOINT, "http://localhost:4566"));
        assertThat(settings.onLambda()).isTrue();
        assertThat(settings.emailDelivery()).isEqualTo(ApiSettings.Delivery.SES);
        assertThat(settings.corsAllowedOrigins()).containsExactlyInAnyOrder("https://app.example.com", "https://admin.example.com");
        assertThat(settings.emailFrom()).isEqualTo("no-reply@example.com");
        assertThat(settings.emailConfirmUrl()).isEqualTo("https://app.example.com/confirm?t={token}");
        assertThat(settings.sesEndpoint()).isEqualTo(URI.create("http://localhost:4566"));
    }

    @Test
    void delivery_isCaseInsensitive_andAnUnknownOneIsRefusedByName() {
        assertThat(ApiSettings.fromEnvironment(Map.of(ApiSettings.EMAIL_CHANGE_DELIVERY, "SES")).emailDelivery())
                .isEqualTo(ApiSettings.Delivery.SES);
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of(ApiSettings.EMAIL_CHANGE_DELIVERY, "smtp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiSettings.EMAIL_CHANGE_DELIVERY);
    }

    @Test
    void erasureGrace_wholeDays_defaultThirty_badValuesRefusedByName() {
        assertThat(ApiSettings.defaults().erasureGrace()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(ApiSettings.fromEnvironment(Map.of(ApiSettings.ERASURE_GRACE_DAYS, "7")).erasureGrace())
                .isEqualTo(java.time.Duration.ofDays(7));
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of(ApiSettings.ERASURE_GRACE_DAYS, "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of(ApiSettings.ERASURE_GRACE_DAYS, "a week")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiSettings.ERASURE_GRACE_DAYS);
    }
}
