package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Audit entries and their actor links as the engine applies them: recorded, followed, moved. */
class AuditTrailIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Table table;
    private AuditTrail trail;
    private Profiles profiles;
    private String admin;
    private String subject;

    @BeforeEach
    void setUp() {
        table = tables.users();
        trail = new AuditTrail(table);
        profiles = new Profiles(table);
        long n = System.nanoTime();
        admin = "admin-" + n;
        subject = "subject-" + n;
    }

    private AuditEntry entry(String userId, int second, String actor) {
        // an event id is a UUID derived from the stream record, never holding a user id
        String eventId = UUID.nameUUIDFromBytes((userId + "|" + second).getBytes(StandardCharsets.UTF_8)).toString();
        return new AuditEntry(userId, T0.plusSeconds(second), eventId, "user.status.changed", actor, List.of("status"),
                null);
    }

    private List<Map<String, AttributeValue>> partition(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        table.queryAll(Query.of(KeyCondition.partition(UsersTable.PK, pk))).forEach(items::add);
        return items;
    }

    /** What the erasure does with a page of links. */
    private boolean follow(String actorId, String pseudonym, int limit) {
        AuditTrail.Links page = trail.linksOf(actorId, limit);
        page.links().forEach(link -> trail.pseudonymiseActor(link, pseudonym));
        return page.more();
    }

    @Test
    void restamp_replacesTheStamp_onlyWhileTheActorMadeTheLastWrite() {
        table.put(new ChangeContext(admin, "req-1").stamp(new java.util.HashMap<>(
                UserProfile.builder().userId(subject).email(subject + "@example.com").createdAt(T0).build().toItem())));
        ChangeContext anonymous = new ChangeContext("system:erasure", "erasure");

        assertThat(trail.restamp(UserProfile.key(subject), "someone-else", anonymous)).isFalse();
        assertThat(table.get(UserProfile.key(subject)).map(ChangeContext::of)).contains(new ChangeContext(admin, "req-1"));
        assertThat(trail.restamp(UserProfile.key(subject), admin, anonymous)).isTrue();
        assertThat(table.get(UserProfile.key(subject)).map(ChangeContext::of)).contains(anonymous);
        assertThat(trail.restamp(UserProfile.key("nobody-" + subject), admin, anonymous)).as("no item").isFalse();
    }

    @Test
    void record_linksAnEntryToAnotherPersonActing_only() {
        AuditEntry byAdmin = entry(subject, 1, admin);
        trail.record(byAdmin);
        trail.record(entry(subject, 2, subject));
        trail.record(entry(subject, 3, "system:post-confirmation"));
        trail.record(entry(subject, 4, ChangeContext.UNKNOWN_ACTOR));
        trail.record(entry(subject, 5, AuditEntry.PSEUDONYM_PREFIX + "0123"));

        assertThat(partition(AuditEntry.partitionKey(subject))).hasSize(5);
        List<Map<String, AttributeValue>> links = partition(ActorLink.partitionKey(admin));
        assertThat(links).hasSize(1);
        ActorLink link = ActorLink.fromItem(links.get(0));
        assertThat(link.entryKey()).isEqualTo(byAdmin.key());
        assertThat(link.expiresAt()).isEqualTo(byAdmin.occurredAt().plus(AuditEntry.RETENTION));
        assertThat(partition(ActorLink.partitionKey("system:post-confirmation"))).isEmpty();
        assertThat(partition(ActorLink.partitionKey(ChangeContext.UNKNOWN_ACTOR))).isEmpty();
    }

    @Test
    void pseudonymiseActor_rewritesEveryEntryTheActorActedIn_inPages_andDeletesTheLinks() {
        for (int i = 0; i < 5; i++) {
            trail.record(entry(subject + "-" + i, i, admin));
        }
        trail.record(entry(subject, 9, "someone-else"));

        assertThat(follow(admin, "anon:a", 2)).as("more after the first page").isTrue();
        assertThat(follow(admin, "anon:a", 2)).isTrue();
        assertThat(follow(admin, "anon:a", 2)).as("the last page").isFalse();

        for (int i = 0; i < 5; i++) {
            assertThat(partition(AuditEntry.partitionKey(subject + "-" + i))).extracting(AuditEntry::fromItem)
                    .extracting(AuditEntry::actor).containsExactly("anon:a");
        }
        assertThat(partition(ActorLink.partitionKey(admin))).isEmpty();
        assertThat(partition(AuditEntry.partitionKey(subject))).extracting(AuditEntry::fromItem)
                .extracting(AuditEntry::actor).containsExactly("someone-else");
    }

    @Test
    void pseudonymiseActor_leavesAnEntryThatNoLongerNamesThem_andStillDeletesTheLink() {
        AuditEntry entry = entry(subject, 1, admin);
        trail.record(entry);
        table.delete(entry.key(), null); // expired before the erasure came

        follow(admin, "anon:a", 10);

        assertThat(partition(AuditEntry.partitionKey(subject))).as("no entry made up").isEmpty();
        assertThat(partition(ActorLink.partitionKey(admin))).isEmpty();
    }

    @Test
    void moveTrail_movesTheEntries_andTheLinksOfOthersActingWithThem() {
        trail.record(entry(subject, 1, subject));
        trail.record(entry(subject, 2, admin));

        assertThat(trail.moveTrail(subject, "anon:s")).isEqualTo(2);

        assertThat(partition(AuditEntry.partitionKey(subject))).isEmpty();
        List<AuditEntry> moved = partition(AuditEntry.partitionKey("anon:s")).stream().map(AuditEntry::fromItem).toList();
        assertThat(moved).extracting(AuditEntry::actor).containsExactly("anon:s", admin);
        List<Map<String, AttributeValue>> links = partition(ActorLink.partitionKey(admin));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).toString()).as("the link names the subject no more").doesNotContain(subject);
        // the admin's erasure later still finds the moved entry
        follow(admin, "anon:a", 10);
        assertThat(partition(AuditEntry.partitionKey("anon:s")).stream().map(AuditEntry::fromItem))
                .extracting(AuditEntry::actor).containsExactly("anon:s", "anon:a");
    }

    @Test
    void actorErased_whileTheProfileIsStripped_orOnceItIsGoneWithAPseudonymTrail() {
        assertThat(trail.actorErased(admin, "anon:a")).as("no profile, no pseudonym trail: never erased").isFalse();
        table.put(UserProfile.builder().userId(admin).email(admin + "@example.com").createdAt(T0).build().toItem());
        assertThat(trail.actorErased(admin, "anon:a")).isFalse();

        assertThat(profiles.stripForErasure(admin, T0, new ChangeContext("system:erasure", "e"))).isTrue();
        assertThat(trail.actorErased(admin, "anon:a")).isTrue();

        table.delete(UserProfile.key(admin), null);
        assertThat(trail.actorErased(admin, "anon:a")).as("gone, and no trail under the pseudonym yet").isFalse();
        trail.record(entry("anon:a", 1, "system:erasure"));
        assertThat(trail.actorErased(admin, "anon:a")).isTrue();
    }

    @Test
    void withdraw_deletesTheLinkAndTheEntry() {
        AuditEntry entry = entry(subject, 1, admin);
        trail.record(entry);

        trail.withdraw(entry);

        assertThat(partition(AuditEntry.partitionKey(subject))).isEmpty();
        assertThat(partition(ActorLink.partitionKey(admin))).isEmpty();
    }
}
