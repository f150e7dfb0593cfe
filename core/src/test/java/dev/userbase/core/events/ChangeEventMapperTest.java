package dev.userbase.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userbase.core.events.ChangeEventMapper.MappedChange;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChangeEventMapperTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext ADMIN = new ChangeContext("admin-1", "req-9");
    private final ChangeEventMapper mapper = new ChangeEventMapper();
    private final UserProfile ann = UserProfile.builder().userId("ann").email("ann@example.com").displayName("Ann")
            .createdAt(T0).build();

    @Test
    void countsOnlyChange_mapsToNothing() {
        UserProfile counted = ann.toBuilder().followerCount(5).followingCount(2).build();

        MappedChange change = mapper.map(modify(ann, counted, ADMIN));

        assertThat(change.events()).isEmpty();
        assertThat(change.audit()).isEmpty();
    }

    @Test
    void statusToDeleted_isAStatusChangeAndASoftDelete_auditedWithItsActor() {
        UserProfile deleted = ann.toBuilder().status(UserStatus.DELETED).version(2).updatedAt(T0.plusSeconds(5)).build();

        MappedChange change = mapper.map(modify(ann, deleted, ADMIN));

        assertThat(change.events()).extracting(DomainEvent::detailType)
                .containsExactly(DetailType.STATUS_CHANGED, DetailType.DELETED);
        assertThat(change.events().get(0).data().toString()).isEqualTo("{\"previousStatus\":\"ACTIVE\",\"status\":\"DELETED\"}");
        assertThat(change.events()).allSatisfy(e -> {
            assertThat(e.occurredAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(e.correlationId()).isEqualTo("req-9");
        });
        assertThat(change.audit()).extracting(AuditEntry::actor).containsOnly("admin-1");
    }

    @Test
    void rolesChange_oneEventPerRole_withDistinctIds() {
        UserProfile before = ann.toBuilder().roles(Set.of("editor")).build();
        UserProfile after = ann.toBuilder().roles(Set.of("admin", "support")).build();

        MappedChange change = mapper.map(modify(before, after, ADMIN));

        assertThat(change.events()).extracting(e -> e.detailType() + " " + e.data().path("role").asText())
                .containsExactly("user.role.assigned admin", "user.role.assigned support", "user.role.removed editor");
        assertThat(change.events()).extracting(DomainEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void profileFields_listedByName_withoutValuesOrBookkeeping() {
        UserProfile after = ann.toBuilder().displayName("Ann Lee").avatarUrl("https://img/1").version(3)
                .updatedAt(T0.plusSeconds(1)).build();

        MappedChange change = mapper.map(modify(ann, after, ADMIN));

        assertThat(change.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(DetailType.PROFILE_UPDATED);
            assertThat(e.data().toString()).isEqualTo("{\"changedFields\":[\"avatarUrl\",\"displayName\"],\"version\":3}");
        });
        assertThat(change.audit()).singleElement().satisfies(a -> assertThat(a.changedFields())
                .containsExactly("avatarUrl", "displayName"));
    }

    @Test
    void bookkeepingOnTheProfile_isNeverAProfileField() {
        java.util.HashMap<String, AttributeValue> withBookkeeping = new java.util.HashMap<>(ann.toItem());
        withBookkeeping.put("emailSyncFrom", AttributeValue.fromS("old@example.com")); // a writer's own note

        assertThat(mapper.map(record(ChangeType.MODIFY, UserProfile.key("ann"), ann.toItem(),
                ADMIN.stamp(withBookkeeping), null)).events()).isEmpty();
    }

    @Test
    void pendingEmail_requested_thenConfirmed_orExpiredByTheCleanup() {
        UserProfile pending = ann.toBuilder().pendingEmail("new@example.com").build();
        UserProfile confirmed = ann.toBuilder().email("new@example.com").build();

        assertThat(types(mapper.map(modify(ann, pending, ADMIN)))).containsExactly(DetailType.EMAIL_CHANGE_REQUESTED);
        assertThat(types(mapper.map(modify(pending, confirmed, ADMIN)))).containsExactly(DetailType.EMAIL_CHANGED);
        assertThat(types(mapper.map(modify(pending, ann,
                new ChangeContext(ChangeContext.EXPIRY_ACTOR, "evt"))))).containsExactly(DetailType.EMAIL_CHANGE_EXPIRED);
        // the user withdrawing it is not an expiry
        assertThat(types(mapper.map(modify(pending, ann, ADMIN)))).isEmpty();
    }

    @Test
    void preferences_neverCarryTheirContent_andARewriteOfTheSameIsNothing() {
        UserPreferences v1 = new UserPreferences("ann", "{\"theme\":\"dark\"}", 1, T0);
        UserPreferences v2 = new UserPreferences("ann", "{\"theme\":\"light\"}", 2, T0);

        MappedChange change = mapper.map(record(ChangeType.MODIFY, UserPreferences.key("ann"), v1.toItem(),
                ADMIN.stamp(new java.util.HashMap<>(v2.toItem())), null));

        assertThat(change.events()).singleElement().satisfies(e -> assertThat(e.detailJson()).doesNotContain("light"));
        assertThat(mapper.map(record(ChangeType.MODIFY, UserPreferences.key("ann"), v1.toItem(), v1.toItem(), null))
                .events()).isEmpty();
    }

    @Test
    void followEdges_belongToTheFollower() {
        Map<String, AttributeValue> edge = new FollowEdge("ann", "bob", T0).toItem();

        MappedChange followed = mapper.map(record(ChangeType.INSERT, FollowEdge.key("ann", "bob"), null, edge, null));
        MappedChange unfollowed = mapper.map(record(ChangeType.REMOVE, FollowEdge.key("ann", "bob"), edge, null, null));

        assertThat(followed.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(DetailType.FOLLOWED);
            assertThat(e.userId()).isEqualTo("ann");
            assertThat(e.occurredAt()).isEqualTo(T0);
        });
        assertThat(types(unfollowed)).containsExactly(DetailType.UNFOLLOWED);
        assertThat(followed.audit()).isEmpty();
    }

    @Test
    void signUpReservation_expiresOnlyWhenTtlDeletedIt() {
        Map<String, AttributeValue> reservation = new EmailReservation("ann@example.com", EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, "ann-user", null, T0, T0.plusSeconds(86_400), null).toItem();
        Map<String, AttributeValue> key = EmailReservation.key("ann@example.com");

        MappedChange byTtl = mapper.map(record(ChangeType.REMOVE, key, reservation, null, ChangeRecord.TTL_PRINCIPAL));
        MappedChange byUser = mapper.map(record(ChangeType.REMOVE, key, reservation, null, null));

        assertThat(byTtl.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(DetailType.SIGNUP_EXPIRED);
            assertThat(e.userId()).isEqualTo("ann-user");
            assertThat(e.detailJson()).doesNotContain("ann@example.com");
        });
        assertThat(byUser.events()).isEmpty();
    }

    @Test
    void erasure_publishesOneUserErased_andNothingForItsOwnWrites() {
        ChangeContext erasure = new ChangeContext(ErasureCascade.ACTOR, "erasure:ann");
        java.util.HashMap<String, AttributeValue> stripped = new java.util.HashMap<>(UserProfile.builder().userId("ann")
                .status(UserStatus.DELETED).followerCount(3).createdAt(T0).build().toItem());
        stripped.put(ErasureCascade.ERASING, AttributeValue.fromBool(true));
        erasure.stamp(stripped);
        Map<String, AttributeValue> edge = erasure.stamp(new java.util.HashMap<>(new FollowEdge("bob", "ann", T0).toItem()));

        MappedChange strip = mapper.map(record(ChangeType.MODIFY, UserProfile.key("ann"),
                ADMIN.stamp(new java.util.HashMap<>(ann.toItem())), stripped, null));
        MappedChange edgeRemoved = mapper.map(record(ChangeType.REMOVE, FollowEdge.key("bob", "ann"), edge, null, null));
        MappedChange removed = mapper.map(record(ChangeType.REMOVE, UserProfile.key("ann"), stripped, null, null));
        MappedChange hardDelete = mapper.map(record(ChangeType.REMOVE, UserProfile.key("ann"), ann.toItem(), null, null));

        assertThat(strip.events()).isEmpty();
        assertThat(strip.audit()).isEmpty();
        assertThat(edgeRemoved.events()).as("no user.unfollowed repeating the erased id").isEmpty();
        assertThat(removed.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(DetailType.ERASED);
            assertThat(e.userId()).isEqualTo("ann");
            assertThat(e.data().toString()).isEqualTo("{}");
        });
        assertThat(removed.audit()).as("audited under the pseudonym by the cascade, not here").isEmpty();
        assertThat(types(hardDelete)).containsExactly(DetailType.DELETED);
    }

    @Test
    void sameRecord_sameEventIds() {
        ChangeRecord insert = record(ChangeType.INSERT, UserProfile.key("ann"), null, ADMIN.stamp(new java.util.HashMap<>(ann.toItem())), null);

        assertThat(mapper.map(insert)).isEqualTo(mapper.map(insert));
        assertThat(types(mapper.map(insert))).containsExactly(DetailType.USER_CREATED);
    }

    private static List<DetailType> types(MappedChange change) {
        return change.events().stream().map(DomainEvent::detailType).toList();
    }

    private static ChangeRecord modify(UserProfile before, UserProfile after, ChangeContext stamp) {
        return record(ChangeType.MODIFY, UserProfile.key(before.userId()), before.toItem(),
                stamp.stamp(new java.util.HashMap<>(after.toItem())), null);
    }

    private static ChangeRecord record(ChangeType type, Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage, String ttlPrincipal) {
        return new ChangeRecord("evt-1", type, "100", T0.plusSeconds(30), keys, oldImage, newImage,
                ttlPrincipal == null ? null : ChangeRecord.TTL_IDENTITY_TYPE, ttlPrincipal, "arn");
    }
}
