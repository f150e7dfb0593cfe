package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The links from a user's partition to the idempotency records that name them, on the embedded engine. */
class IdempotencyRecordsIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant EXPIRES = Instant.parse("2026-03-02T10:00:00Z");
    private static final String RECORD = "testFunction.create#5f2b0c1d";

    private Table users;
    private Table records;
    private IdempotencyRecords store;

    @BeforeEach
    void setUp() {
        users = tables.users();
        records = new Table(tables.dynamoDb(), tables.idempotencyTable());
        store = new IdempotencyRecords(users, records);
    }

    @Test
    void link_putsAPointerInTheUsersPartition_thatExpiresWithTheRecord() {
        store.link(new IdempotencyLink("ann-sub", RECORD, EXPIRES));

        Map<String, AttributeValue> link = users.get(IdempotencyLink.key("ann-sub", RECORD)).orElseThrow();
        assertThat(link.get("pk").s()).isEqualTo("USER#ann-sub");
        assertThat(IdempotencyLink.recordKeyOf(link.get("sk").s())).isEqualTo(RECORD);
        assertThat(link.get(IdempotencyLink.EXPIRES_AT).n()).isEqualTo(Long.toString(EXPIRES.getEpochSecond()));
    }

    @Test
    void erase_deletesTheRecord_thenTheLink() {
        linkedRecord("ann-sub");

        store.erase("ann-sub", RECORD);

        assertThat(records.get(recordKey())).isEmpty();
        assertThat(users.get(IdempotencyLink.key("ann-sub", RECORD))).isEmpty();
        store.erase("ann-sub", RECORD); // again: nothing left, no failure
    }

    @Test
    void undoIfErasing_keepsRecordAndLink_ofAUserWhoseProfileIsNotBeingErased() {
        users.put(UserProfile.builder().userId("ann-sub").email("ann@example.com").createdAt(EXPIRES).build().toItem());
        IdempotencyLink link = linkedRecord("ann-sub");

        assertThat(store.undoIfErasing(link)).isFalse();

        assertThat(records.get(recordKey())).isPresent();
        assertThat(users.get(link.key())).isPresent();
    }

    @Test
    void undoIfErasing_deletesBoth_whenTheErasureHasStrippedTheProfile_orDeletedIt() {
        Map<String, AttributeValue> stripped = new HashMap<>(UserProfile.key("ann-sub"));
        stripped.put(UserProfile.ERASING, AttributeValue.fromBool(true));
        users.put(stripped);
        IdempotencyLink ann = linkedRecord("ann-sub");

        assertThat(store.undoIfErasing(ann)).isTrue();
        assertThat(records.get(recordKey())).isEmpty();
        assertThat(users.get(ann.key())).isEmpty();

        IdempotencyLink gone = linkedRecord("gone-sub");
        assertThat(store.undoIfErasing(gone)).as("no profile at all").isTrue();
        assertThat(records.get(recordKey())).isEmpty();
        assertThat(users.get(gone.key())).isEmpty();
    }

    /** The link of {@code userId} to the record, and the record. */
    private IdempotencyLink linkedRecord(String userId) {
        IdempotencyLink link = new IdempotencyLink(userId, RECORD, EXPIRES);
        store.link(link);
        putRecord(userId);
        return link;
    }

    /** A completed record as Powertools' DynamoDB store writes it, its response naming the user. */
    private void putRecord(String userId) {
        Map<String, AttributeValue> item = new HashMap<>(recordKey());
        item.put("status", Attributes.s("COMPLETED"));
        item.put("data", Attributes.s("{\"userId\":\"" + userId + "\"}"));
        item.put(IdempotencyTable.TTL_ATTRIBUTE, Attributes.epochSeconds(EXPIRES));
        records.put(item);
    }

    private static Map<String, AttributeValue> recordKey() {
        return Map.of(IdempotencyTable.PK, Attributes.s(RECORD));
    }
}
