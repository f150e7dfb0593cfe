package dev.userbase.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.events.ChangeEventMapper;
import dev.userbase.core.events.ChangeEventMapper.MappedChange;
import dev.userbase.core.events.DomainEvent;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random changes of every item type, through the producer's mapper: every event it emits conforms
 * to the published schema of its detail type (so it carries no field, and no PII, the schema does
 * not declare), never carries preferences or token material, and the same change always yields
 * the same events.
 */
class MapperConformsToContractPropertyTest {

    private static final EventContract CONTRACT = EventContract.load();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ChangeEventMapper EVENTS = new ChangeEventMapper();
    /** Planted in preferences and tokens: must never reach an event or an audit entry. */
    private static final String SECRET = "s3cr3t-marker";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void everyEmittedEvent_conformsToItsSchema_andLeaksNothing(@ForAll("changes") ChangeRecord change) throws Exception {
        MappedChange mapped = EVENTS.map(change);
        Statistics.label("detail type").coverage(coverage -> CONTRACT.detailTypes().forEach(type ->
                coverage.check(type).count(count -> count > 0)));

        for (DomainEvent event : mapped.events()) {
            Statistics.label("detail type").collect(event.detailType().wireName());

            String detail = event.detailJson();
            JsonNode tree = MAPPER.readTree(detail);
            assertThat(CONTRACT.validate(event.detailType().wireName(), tree)).as(detail).isEmpty();
            if (event.detailType() == dev.userbase.core.events.DetailType.PROFILE_UPDATED) {
                // counts and bookkeeping are never "changed fields"
                assertThat(tree.path("data").path("changedFields").toString())
                        .doesNotContain("followerCount", "version", "updatedAt", "changedBy", "gsi");
            }
            assertThat(detail).doesNotContain(SECRET);
            assertThat(tree.path("userId").asText()).isEqualTo(mapped.orderingKey());
        }
        mapped.audit().forEach(entry -> assertThat(entry.toItem().toString()).doesNotContain(SECRET));
        assertThat(EVENTS.map(change)).as("the same change maps to the same events").isEqualTo(mapped);
        assertThat(mapped.events().stream().map(DomainEvent::eventId).distinct().count())
                .isEqualTo(mapped.events().size());
    }

    /**
     * Weighted so that every detail type is drawn dozens of times in each run (the coverage check
     * above must not depend on the seed): a profile write yields one of five detail types only when
     * its random edits, change type and status line up, and a sign-up expiry needs a PENDING
     * SIGN_UP reservation removed by TTL, about one random reservation change in 36.
     */
    @Provide
    Arbitrary<ChangeRecord> changes() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, profileChanges()), Tuple.of(1, emailChangeEndings()), Tuple.of(1, preferenceChanges()),
                Tuple.of(1, followChanges()), Tuple.of(1, tokenChanges()), Tuple.of(1, reservationChanges()),
                Tuple.of(1, signUpExpiries()), Tuple.of(1, erasures()));
    }

    /** The erasure cascade's writes: the profile stripped, an edge deleted, the stripped profile removed. */
    private Arbitrary<ChangeRecord> erasures() {
        ChangeContext erasure = new ChangeContext(ErasureCascade.ACTOR, "erasure");
        return Combinators.combine(ids(), ids(), profiles(), Arbitraries.integers().between(0, 2))
                .as((id, other, before, which) -> {
                    UserProfile old = before.userId(id).build();
                    Map<String, AttributeValue> stripped = stamp(UserProfile.builder().userId(id)
                            .status(UserStatus.DELETED).createdAt(T0).build().toItem(), erasure);
                    stripped.put(ErasureCascade.ERASING, AttributeValue.fromBool(true));
                    return switch (which) {
                        case 0 -> record(ChangeType.MODIFY, UserProfile.key(id), old.toItem(), stripped, false);
                        case 1 -> record(ChangeType.REMOVE, FollowEdge.key(other, id),
                                stamp(new FollowEdge(other, id, T0).toItem(), erasure), null, false);
                        default -> record(ChangeType.REMOVE, UserProfile.key(id), stripped, null, false);
                    };
                });
    }

    /** A pending email change ending: confirmed, withdrawn by someone, or withdrawn by the expiry cleanup. */
    private Arbitrary<ChangeRecord> emailChangeEndings() {
        return Combinators.combine(ids(), emails(), emails(), stamps(), Arbitraries.of(true, false))
                .as((id, email, pending, stamp, confirmed) -> {
                    UserProfile before = UserProfile.builder().userId(id).email(email).pendingEmail(pending)
                            .createdAt(T0).build();
                    UserProfile after = confirmed
                            ? before.toBuilder().email(pending).pendingEmail(null).build()
                            : before.toBuilder().pendingEmail(null).build();
                    return record(ChangeType.MODIFY, UserProfile.key(id), before.toItem(),
                            stamp(after.toItem(), stamp), false);
                });
    }

    // ---- profiles --------------------------------------------------------------------------------

    /** What a write may change on a profile. */
    enum Edit { STATUS, ADD_ROLE, REMOVE_ROLE, EMAIL, REQUEST_EMAIL_CHANGE, WITHDRAW_EMAIL_CHANGE, NAME, AVATAR, COUNTS }

    private Arbitrary<ChangeRecord> profileChanges() {
        return Combinators.combine(ids(), profiles(), Arbitraries.of(Edit.class).set().ofMaxSize(4),
                        Arbitraries.of(ChangeType.values()), stamps(), emails(), Arbitraries.of(UserStatus.values()))
                .as((id, before, edits, type, stamp, email, status) -> {
                    UserProfile old = before.userId(id).build();
                    UserProfile.Builder after = old.toBuilder().version(old.version() + 1)
                            .updatedAt(old.updatedAt().plusSeconds(1));
                    for (Edit edit : edits) {
                        switch (edit) {
                            case STATUS -> after.status(status);
                            case ADD_ROLE -> after.roles(plus(old.roles(), "auditor"));
                            case REMOVE_ROLE -> after.roles(Set.of());
                            case EMAIL -> after.email(email).pendingEmail(null);
                            case REQUEST_EMAIL_CHANGE -> after.pendingEmail(email);
                            case WITHDRAW_EMAIL_CHANGE -> after.pendingEmail(null);
                            case NAME -> after.displayName("Name " + email.length());
                            case AVATAR -> after.avatarUrl("https://img.example/" + email.length());
                            case COUNTS -> after.followerCount(old.followerCount() + 3).version(old.version())
                                    .updatedAt(old.updatedAt());
                            default -> throw new IllegalStateException();
                        }
                    }
                    Map<String, AttributeValue> now = after.build().toItem();
                    boolean countsOnly = edits.equals(Set.of(Edit.COUNTS));
                    return record(type, UserProfile.key(id), stamp(old.toItem(), new ChangeContext("earlier", "req-0")),
                            countsOnly ? stamp(now, new ChangeContext("earlier", "req-0")) : stamp(now, stamp), false);
                });
    }

    private static Set<String> plus(Set<String> roles, String role) {
        java.util.Set<String> more = new java.util.HashSet<>(roles);
        more.add(role);
        return more;
    }

    private static Map<String, AttributeValue> stamp(Map<String, AttributeValue> item, ChangeContext context) {
        return context.stamp(new HashMap<>(item));
    }

    private Arbitrary<UserProfile.Builder> profiles() {
        Arbitrary<String> optionalText = Arbitraries.strings().ofMinLength(1).ofMaxLength(12).injectNull(0.3);
        return Combinators.combine(emails().injectNull(0.1), optionalText, optionalText,
                        Arbitraries.of(UserStatus.values()), Arbitraries.of("admin", "editor", "support").set(),
                        emails().injectNull(0.6), Arbitraries.longs().between(1, 50), optionalText)
                .as((email, given, display, status, roles, pending, version, avatar) -> UserProfile.builder()
                        .email(email).givenName(given).displayName(display).status(status).roles(roles)
                        .pendingEmail(pending).version(version).avatarUrl(avatar)
                        .createdAt(T0).updatedAt(T0.plusSeconds(version)));
    }

    // ---- other items -----------------------------------------------------------------------------

    private Arbitrary<ChangeRecord> preferenceChanges() {
        return Combinators.combine(ids(), Arbitraries.longs().between(0, 9), Arbitraries.longs().between(0, 9),
                        Arbitraries.of(ChangeType.values()), stamps())
                .as((id, v1, v2, type, stamp) -> record(type, UserPreferences.key(id),
                        new UserPreferences(id, "{\"theme\":\"" + SECRET + v1 + "\"}", v1, T0).toItem(),
                        stamp.stamp(new UserPreferences(id, "{\"theme\":\"" + SECRET + v2 + "\"}", v2, T0).toItem()),
                        false));
    }

    private Arbitrary<ChangeRecord> followChanges() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(ChangeType.values()), stamps())
                .as((a, b, type, stamp) -> {
                    Map<String, AttributeValue> edge = stamp.stamp(new FollowEdge(a, b, T0).toItem());
                    return record(type, FollowEdge.key(a, b), edge, edge, false);
                });
    }

    private Arbitrary<ChangeRecord> tokenChanges() {
        return Combinators.combine(ids(), emails(), Arbitraries.of(ChangeType.values()), Arbitraries.of(true, false))
                .as((id, email, type, ttl) -> {
                    ChangeToken token = new ChangeToken(id, ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash(SECRET),
                            email, T0, T0.plusSeconds(3600));
                    Map<String, AttributeValue> item = new HashMap<>(token.toItem());
                    item.put("plain", AttributeValue.fromS(SECRET));
                    return record(type, token.key(), item, item, ttl);
                });
    }

    private Arbitrary<ChangeRecord> reservationChanges() {
        return Combinators.combine(emails(), Arbitraries.of(EmailReservation.State.values()),
                        Arbitraries.of(EmailReservation.Purpose.values()), ids().injectNull(0.2), ids().injectNull(0.3),
                        Arbitraries.of(ChangeType.values()), Arbitraries.of(true, false))
                .as((email, state, purpose, userName, userId, type, ttl) -> {
                    Map<String, AttributeValue> item = new EmailReservation(email, state, purpose, userName, userId,
                            T0, T0.plusSeconds(86_400), null).toItem();
                    return record(type, EmailReservation.key(email), item, item, ttl);
                });
    }

    /** An unconfirmed sign-up's reservation removed by TTL, with or without the userName it held. */
    private Arbitrary<ChangeRecord> signUpExpiries() {
        return Combinators.combine(emails(), ids().injectNull(0.2))
                .as((email, userName) -> {
                    Map<String, AttributeValue> item = new EmailReservation(email, EmailReservation.State.PENDING,
                            EmailReservation.Purpose.SIGN_UP, userName, null, T0, T0.plusSeconds(86_400), null).toItem();
                    return record(ChangeType.REMOVE, EmailReservation.key(email), item, null, true);
                });
    }

    // ---- building blocks -------------------------------------------------------------------------

    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(40));
    }

    private static Arbitrary<String> emails() {
        Arbitrary<String> part = Arbitraries.strings().alpha().numeric().withChars('.', '+', 'é').ofMinLength(1).ofMaxLength(16);
        return Combinators.combine(part, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10))
                .as((local, domain) -> local + "@" + domain.toLowerCase() + ".example");
    }

    private static Arbitrary<ChangeContext> stamps() {
        return Arbitraries.oneOf(
                ids().map(actor -> new ChangeContext(actor, "req-" + actor)),
                Arbitraries.just(new ChangeContext(ChangeContext.EXPIRY_ACTOR, "expiry-1")),
                Arbitraries.just(new ChangeContext("system:post-confirmation", "")));
    }

    private static ChangeRecord record(ChangeType type, Map<String, AttributeValue> keys,
            Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage, boolean ttl) {
        boolean expiry = ttl && type == ChangeType.REMOVE;
        return new ChangeRecord(
                "evt-" + Integer.toHexString(Set.of(keys, type).hashCode()),
                type,
                "1000",
                T0,
                keys,
                type == ChangeType.INSERT ? null : oldImage,
                type == ChangeType.REMOVE ? null : newImage,
                expiry ? ChangeRecord.TTL_IDENTITY_TYPE : null,
                expiry ? ChangeRecord.TTL_PRINCIPAL : null,
                "arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/x");
    }

}
