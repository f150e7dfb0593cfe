package dev.userbase.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.emailchange.EmailChangeMessage;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

class EmailChangeDeliveriesTest {

    private static final EmailChangeMessage MESSAGE = new EmailChangeMessage("ann-sub", "ann.new@example.com",
            "q3X0Jb1o2sWl6o3b2U8Gm9uUrx0Z3o7bW2k1n4Yp5Qc", Instant.parse("2026-11-24T10:00:00Z"));

    private final AwsClients clients = AwsClients.create(UsersConfig.fromEnvironment(Map.of()),
            AnonymousCredentialsProvider.create());

    @Test
    void offLambda_defaultsToTheOutbox_oneOwnerOnlyFilePerMessage(@TempDir Path dir) throws Exception {
        EmailChangeDelivery delivery = EmailChangeDeliveries.of(clients,
                ApiSettings.fromEnvironment(Map.of(ApiSettings.EMAIL_OUTBOX_DIR, dir.toString())));

        delivery.deliver(MESSAGE);

        assertThat(delivery).isInstanceOf(OutboxEmailChangeDelivery.class);
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(json.path("to").asText()).isEqualTo("ann.new@example.com");
        assertThat(json.path("token").asText()).isEqualTo(MESSAGE.token());
        assertThat(json.path("expiresAt").asText()).isEqualTo("2026-11-24T10:00:00.000Z");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0)))).isEqualTo("rw-------");
    }

    @Test
    void onLambda_sesWithoutASender_refusesEmailChangesOnly() {
        EmailChangeDelivery delivery = EmailChangeDeliveries.of(clients,
                ApiSettings.fromEnvironment(Map.of(ApiSettings.EXECUTION_ENV, "AWS_Lambda_java17")));
        assertThatThrownBy(() -> delivery.deliver(MESSAGE)).isInstanceOfSatisfying(UserServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void onLambda_withASender_isSes_andUnknownModesAreRefused() {
        assertThat(EmailChangeDeliveries.of(clients, ApiSettings.fromEnvironment(Map.of(ApiSettings.EXECUTION_ENV,
                "AWS_Lambda_java17", ApiSettings.EMAIL_FROM, "no-reply@example.com")))).isInstanceOf(SesEmailChangeDelivery.class);
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of(ApiSettings.EMAIL_CHANGE_DELIVERY, "smtp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ses or outbox");
    }

    @Test
    void ses_sendsALinkToTheNewAddress_andBuildsItsClientOnFirstUse() {
        List<SendEmailRequest> sent = new CopyOnWriteArrayList<>();
        AtomicInteger built = new AtomicInteger();
        SesEmailChangeDelivery delivery = new SesEmailChangeDelivery(() -> {
            built.incrementAndGet();
            return new SesV2Client() {
                @Override
                public SendEmailResponse sendEmail(SendEmailRequest request) {
                    sent.add(request);
                    return SendEmailResponse.builder().messageId("m-1").build();
                }

                @Override
                public String serviceName() {
                    return SERVICE_NAME;
                }

                @Override
                public void close() {
                }
            };
        }, "no-reply@example.com", "https://app.example.com/confirm-email?token={token}");
        assertThat(built).hasValue(0);

        delivery.deliver(MESSAGE);
        delivery.deliver(MESSAGE);

        assertThat(built).hasValue(1);
        assertThat(sent).hasSize(2);
        SendEmailRequest request = sent.get(0);
        assertThat(request.fromEmailAddress()).isEqualTo("no-reply@example.com");
        assertThat(request.destination().toAddresses()).containsExactly("ann.new@example.com");
        assertThat(request.content().simple().body().text().data())
                .contains("https://app.example.com/confirm-email?token=" + MESSAGE.token());
    }

    @Test
    void ses_confirmUrlWithoutTheTokenPlaceholder_isAConfigurationError() {
        assertThatThrownBy(() -> new SesEmailChangeDelivery(() -> null, "a@example.com", "https://app.example.com/confirm"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void message_neverPrintsItsToken() {
        assertThat(MESSAGE.toString()).doesNotContain(MESSAGE.token()).contains("redacted");
    }
}
