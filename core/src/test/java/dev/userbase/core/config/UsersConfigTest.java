package dev.userbase.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UsersConfigTest {

    @Test
    void fromEnvironment_whenEmpty_usesDefaults() {
        UsersConfig config = UsersConfig.fromEnvironment(Map.of());
        assertThat(config.usersTable()).isEqualTo("users");
        assertThat(config.eventSource()).isEqualTo("users.service");
        assertThat(config.emailReservationTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.federatedSignUpPolicy()).isEqualTo(FederatedSignUpPolicy.LINK);
        assertThat(config.allowedEmailDomains()).isEmpty();
        assertThat(config.endpoints().dynamoDbOverride()).isEmpty();
    }

    @Test
    void fromEnvironment_parsesListsPolicyAndEndpoints() {
        UsersConfig config = UsersConfig.fromEnvironment(Map.of(
                UsersConfig.EMAIL_DOMAIN_DENYLIST, " Mailinator.com, ,spam.example ",
                UsersConfig.FEDERATED_SIGNUP_POLICY, "deny",
                UsersConfig.EMAIL_RESERVATION_TTL_HOURS, "2",
                UsersConfig.DYNAMODB_ENDPOINT, "http://127.0.0.1:8000"));
        assertThat(config.deniedEmailDomains()).containsExactlyInAnyOrder("mailinator.com", "spam.example");
        assertThat(config.federatedSignUpPolicy()).isEqualTo(FederatedSignUpPolicy.DENY);
        assertThat(config.emailReservationTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.endpoints().dynamoDbOverride()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(8000));
    }

    @Test
    void fromEnvironment_whenTtlNotANumber_namesTheVariable() {
        assertThatThrownBy(() -> UsersConfig.fromEnvironment(Map.of(UsersConfig.EMAIL_RESERVATION_TTL_HOURS, "a day")))
                .hasMessageContaining(UsersConfig.EMAIL_RESERVATION_TTL_HOURS);
        assertThatThrownBy(() -> UsersConfig.fromEnvironment(Map.of(UsersConfig.EMAIL_RESERVATION_TTL_HOURS, "0")))
                .hasMessageContaining("positive");
    }
}
