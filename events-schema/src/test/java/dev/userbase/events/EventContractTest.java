package dev.userbase.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.events.DetailType;
import dev.userbase.core.events.DomainEvent;

/** The contract files: complete, self-consistent, and strict where they promise to be. */
class EventContractTest {

    private static final EventContract CONTRACT = EventContract.load();

    @Test
    void catalog_listsEveryDetailTypeThePublisherKnows_andNoOther() {
        assertThat(CONTRACT.detailTypes()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(DetailType.values()).map(DetailType::wireName).toList());
    }

    @Test
    void currentVersions_areTheEnvelopeVersionPublishedNow() {
        for (String type : CONTRACT.detailTypes()) {
            assertThat(CONTRACT.currentVersion(type)).as(type).isEqualTo(DomainEvent.ENVELOPE_VERSION);
            assertThat(CONTRACT.versions(type)).as(type).last().isEqualTo(CONTRACT.currentVersion(type));
        }
    }

    @Test
    void everySample_isAnEventBridgeEventOfItsDetailType_thatItsSchemaAccepts() {
        for (String type : CONTRACT.detailTypes()) {
            for (String version : CONTRACT.versions(type)) {
                List<JsonNode> samples = CONTRACT.samples(type, version);
                assertThat(samples).as("samples of %s %s", type, version).isNotEmpty();
                for (JsonNode sample : samples) {
                    assertThat(sample.path("detail-type").asText()).isEqualTo(type);
                    assertThat(sample.path("source").asText()).isEqualTo("users.service");
                    assertThat(CONTRACT.validate(type, version, sample.path("detail"))).as("%s %s", type, version).isEmpty();
                }
            }
        }
    }

    /** Consumers written against an older version keep working: every older sample conforms to the current schema. */
    @Test
    void everyOlderSample_conformsToTheCurrentSchema() {
        for (String type : CONTRACT.detailTypes()) {
            for (String version : CONTRACT.versions(type)) {
                for (JsonNode sample : CONTRACT.samples(type, version)) {
                    assertThat(CONTRACT.validate(type, sample.path("detail"))).as("%s %s sample", type, version).isEmpty();
                }
            }
        }
    }

    @Test
    void everySchema_declaresDraft202012AndClosesEnvelopeAndData() {
        for (String type : CONTRACT.detailTypes()) {
            JsonNode schema = CONTRACT.schema(type, CONTRACT.currentVersion(type));
            assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(type).isFalse();
            assertThat(schema.path("properties").path("data").path("additionalProperties").asBoolean(true)).as(type).isFalse();
        }
    }

    @Test
    void validate_rejectsUndeclaredFieldsMissingFieldsAndBadFormats() {
        ObjectNode detail = (ObjectNode) CONTRACT.samples("user.followed", "1.0").get(0).path("detail").deepCopy();

        ObjectNode extraField = detail.deepCopy();
        ((ObjectNode) extraField.path("data")).put("email", "ann@example.com"); // PII the schema does not declare
        ObjectNode missing = detail.deepCopy();
        ((ObjectNode) missing.path("data")).remove("followeeId");
        ObjectNode badId = detail.deepCopy();
        badId.put("eventId", "not-a-uuid");
        ObjectNode badTime = detail.deepCopy();
        badTime.put("occurredAt", "yesterday");
        ObjectNode majorVersion = detail.deepCopy();
        majorVersion.put("version", "2.0");

        for (ObjectNode invalid : List.of(extraField, missing, badId, badTime, majorVersion)) {
            assertThat(CONTRACT.validate("user.followed", invalid)).as(invalid.toString()).isNotEmpty();
        }
        assertThat(CONTRACT.validate("user.followed", "{not json")).isNotEmpty();
    }

    @Test
    void unknownDetailTypeOrVersion_isRefused() {
        assertThatThrownBy(() -> CONTRACT.currentVersion("user.teleported")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CONTRACT.samples("user.created", "0.9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionOrder_isNumeric() {
        assertThat(List.of("1.10", "1.9", "1.0").stream().sorted(EventContract.VERSION_ORDER).toList())
                .containsExactly("1.0", "1.9", "1.10");
    }
}
