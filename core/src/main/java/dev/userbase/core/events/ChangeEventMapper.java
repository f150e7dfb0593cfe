package dev.userbase.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.Timestamps;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a change of an item means: the domain events it publishes and the audit entries it writes.
 * A pure function of the stream record, so a redelivered record maps to the same events with the
 * same ids.
 *
 * <ul>
 *   <li>Profile INSERT: {@code user.created}. REMOVE: {@code user.deleted} (hard), or {@code user.erased}
 *       when the erasure cascade removed it (its old image carries {@link ErasureCascade#ERASING}).</li>
 *   <li>Writes of the erasure cascade ({@link ErasureCascade#ACTOR}): nothing else, so an erasure
 *       publishes one {@code user.erased} and no profile or unfollow events that would repeat the
 *       erased user's data downstream.</li>
 *   <li>Profile MODIFY: {@code user.status.changed} (and {@code user.deleted} when the new status is
 *       DELETED); {@code user.role.assigned}/{@code user.role.removed} per role;
 *       {@code user.email.changed}; {@code user.email.change.requested} when a pending address
 *       appears; {@code user.email.change.expired} when the expiry cleanup removes it
 *       ({@link ChangeContext#expiry}); {@code user.profile.updated} listing the changed {@link #PROFILE_FIELDS}.
 *       A change of only the follow counts or bookkeeping attributes maps to nothing.</li>
 *   <li>Preferences INSERT/MODIFY: {@code user.preferences.updated} (never the preferences themselves).</li>
 *   <li>Follow edge INSERT/REMOVE: {@code user.followed}/{@code user.unfollowed}.</li>
 *   <li>A PENDING sign-up reservation deleted by TTL: {@code user.signup.expired} (the change
 *       stream drops it if the Cognito user turned out to be confirmed).</li>
 *   <li>Tokens, other reservations, audit entries and stream bookkeeping: nothing.</li>
 * </ul>
 */
public final class ChangeEventMapper {

    /** The actor of a deletion made by DynamoDB's TTL. */
    public static final String TTL_ACTOR = "system:ttl";
    static final String UNKNOWN_ACTOR = ChangeContext.UNKNOWN_ACTOR;

    /**
     * The profile fields {@code user.profile.updated} reports (the schema's {@code changedFields}
     * enum). Listed, not inferred: keys, index keys, counts, the version, the change stamp and any
     * bookkeeping a writer keeps on the item never reach consumers; status, roles and email have
     * their own events. A new profile field is added here and to the schema (a minor version).
     */
    public static final Set<String> PROFILE_FIELDS = Set.of(
            UserProfile.GIVEN_NAME, UserProfile.FAMILY_NAME, UserProfile.DISPLAY_NAME, UserProfile.AVATAR_URL,
            UserProfile.STRIPE_CUSTOMER_ID, UserProfile.REVENUECAT_ID, UserProfile.PASSWORD_CHANGED_AT);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The meaning of one change.
     *
     * @param orderingKey the user whose changes must be published in order (null: no constraint)
     */
    public record MappedChange(String orderingKey, List<DomainEvent> events, List<AuditEntry> audit) {

        public MappedChange {
            events = List.copyOf(events);
            audit = List.copyOf(audit);
        }

        static MappedChange nothing(String orderingKey) {
            return new MappedChange(orderingKey, List.of(), List.of());
        }
    }

    public MappedChange map(ChangeRecord record) {
        return switch (record.kind()) {
            case PROFILE -> profile(record);
            case PREFERENCES -> preferences(record);
            case FOLLOW_EDGE -> followEdge(record);
            case EMAIL_RESERVATION -> reservation(record);
            case TOKEN -> MappedChange.nothing(Keys.userIdOf(record.partitionKey()));
            default -> MappedChange.nothing(null);
        };
    }

    /** The user whose changes must stay in order, for a record the mapper could not read. */
    public static String orderingKeyOf(ChangeRecord record) {
        String user = Keys.userIdOf(record.partitionKey());
        return user != null ? user : record.partitionKey();
    }

    // ---- profiles --------------------------------------------------------------------------------

    private MappedChange profile(ChangeRecord record) {
        String userId = Keys.userIdOf(record.partitionKey());
        Builder out = new Builder(record, userId);
        switch (record.type()) {
            case INSERT -> {
                UserProfile profile = UserProfile.fromItem(record.newImage());
                ObjectNode data = NODES.objectNode();
                putIfPresent(data, "email", profile.email());
                putIfPresent(data, "givenName", profile.givenName());
                putIfPresent(data, "familyName", profile.familyName());
                putIfPresent(data, "displayName", profile.displayName());
                data.put("status", profile.status().name());
                profile.roles().stream().sorted().forEach(data.putArray("roles")::add);
                if (profile.createdAt() != null) {
                    data.put("createdAt", Timestamps.format(profile.createdAt()));
                }
                out.event(DetailType.USER_CREATED, null, data, List.of(), null);
            }
            case REMOVE -> {
                if (record.oldImage() != null && record.oldImage().containsKey(ErasureCascade.ERASING)) {
                    out.event(DetailType.ERASED, null, NODES.objectNode(), List.of(), null);
                } else {
                    ObjectNode data = NODES.objectNode();
                    data.put("hardDelete", true);
                    out.event(DetailType.DELETED, null, data, List.of(), "profile removed");
                }
            }
            case MODIFY -> {
                if (!ErasureCascade.ACTOR.equals(out.actor)) {
                    profileModified(record, out);
                }
            }
            default -> throw new IllegalStateException("unknown change type " + record.type());
        }
        return out.build();
    }

    private void profileModified(ChangeRecord record, Builder out) {
        UserProfile before = UserProfile.fromItem(record.oldImage());
        UserProfile after = UserProfile.fromItem(record.newImage());

        if (before.status() != after.status()) {
            ObjectNode data = NODES.objectNode();
            data.put("previousStatus", before.status().name());
            data.put("status", after.status().name());
            out.event(DetailType.STATUS_CHANGED, null, data, List.of(UserProfile.STATUS),
                    before.status() + " -> " + after.status());
            if (after.status() == dev.userbase.core.model.UserStatus.DELETED) {
                ObjectNode deleted = NODES.objectNode();
                deleted.put("hardDelete", false);
                out.event(DetailType.DELETED, null, deleted, List.of(UserProfile.STATUS), "soft delete");
            }
        }
        for (String role : new TreeSet<>(after.roles())) {
            if (!before.roles().contains(role)) {
                ObjectNode data = NODES.objectNode();
                data.put("role", role);
                out.event(DetailType.ROLE_ASSIGNED, role, data, List.of(UserProfile.ROLES), "role " + role + " assigned");
            }
        }
        for (String role : new TreeSet<>(before.roles())) {
            if (!after.roles().contains(role)) {
                ObjectNode data = NODES.objectNode();
                data.put("role", role);
                out.event(DetailType.ROLE_REMOVED, role, data, List.of(UserProfile.ROLES), "role " + role + " removed");
            }
        }
        boolean emailChanged = after.email() != null && !after.email().equals(before.email());
        if (emailChanged) {
            ObjectNode data = NODES.objectNode();
            data.put("email", after.email());
            putIfPresent(data, "previousEmail", before.email());
            out.event(DetailType.EMAIL_CHANGED, null, data, List.of(UserProfile.EMAIL), null);
        }
        if (after.pendingEmail() != null && !after.pendingEmail().equals(before.pendingEmail())) {
            ObjectNode data = NODES.objectNode();
            data.put("pendingEmail", after.pendingEmail());
            out.event(DetailType.EMAIL_CHANGE_REQUESTED, null, data, List.of(UserProfile.PENDING_EMAIL), null);
        } else if (before.pendingEmail() != null && after.pendingEmail() == null && !emailChanged
                && ChangeContext.EXPIRY_ACTOR.equals(out.actor)) {
            ObjectNode data = NODES.objectNode();
            data.put("pendingEmail", before.pendingEmail());
            out.event(DetailType.EMAIL_CHANGE_EXPIRED, null, data, List.of(UserProfile.PENDING_EMAIL), null);
        }
        List<String> changedFields = changedFields(record.oldImage(), record.newImage());
        if (!changedFields.isEmpty()) {
            ObjectNode data = NODES.objectNode();
            changedFields.forEach(data.putArray("changedFields")::add);
            data.put("version", after.version());
            out.event(DetailType.PROFILE_UPDATED, null, data, changedFields, null);
        }
    }

    private static List<String> changedFields(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        List<String> changed = new ArrayList<>();
        for (String name : new TreeSet<>(PROFILE_FIELDS)) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    // ---- preferences, follows, reservations ------------------------------------------------------

    private MappedChange preferences(ChangeRecord record) {
        String userId = Keys.userIdOf(record.partitionKey());
        Builder out = new Builder(record, userId);
        if (record.type() == ChangeType.REMOVE) {
            return out.build();
        }
        UserPreferences after = UserPreferences.fromItem(record.newImage());
        if (record.type() == ChangeType.MODIFY) {
            UserPreferences before = UserPreferences.fromItem(record.oldImage());
            if (before.json().equals(after.json()) && before.version() == after.version()) {
                return out.build(); // a rewrite of the same preferences changes nothing
            }
        }
        ObjectNode data = NODES.objectNode();
        data.put("version", after.version());
        out.event(DetailType.PREFERENCES_UPDATED, null, data, List.of("preferences"), null);
        return out.build();
    }

    private MappedChange followEdge(ChangeRecord record) {
        String follower = Keys.userIdOf(record.partitionKey());
        Builder out = new Builder(record, follower);
        if (record.type() == ChangeType.MODIFY || (record.type() == ChangeType.REMOVE && record.oldImage() != null
                && ErasureCascade.ACTOR.equals(Attributes.string(record.oldImage(), ChangeContext.CHANGED_BY)))) {
            return out.build(); // an erasure's deletion of the edge: user.erased says it all
        }
        ObjectNode data = NODES.objectNode();
        data.put("followerId", follower);
        data.put("followeeId", record.sortKey().substring(Keys.FOLLOWS_PREFIX.length()));
        out.event(record.type() == ChangeType.INSERT ? DetailType.FOLLOWED : DetailType.UNFOLLOWED, null, data,
                List.of(), null);
        return out.build();
    }

    private MappedChange reservation(ChangeRecord record) {
        if (!record.isTtlExpiry() || record.oldImage() == null) {
            return MappedChange.nothing(null);
        }
        EmailReservation reservation = EmailReservation.fromItem(record.oldImage());
        if (reservation.state() != EmailReservation.State.PENDING
                || reservation.purpose() != EmailReservation.Purpose.SIGN_UP || reservation.userName() == null) {
            return MappedChange.nothing(reservation.userId());
        }
        // a sign-up never confirmed has no profile and no sub yet: the user is known by their Cognito userName
        Builder out = new Builder(record, reservation.userName());
        ObjectNode data = NODES.objectNode();
        data.put("userName", reservation.userName());
        if (reservation.createdAt() != null) {
            data.put("reservedAt", Timestamps.format(reservation.createdAt()));
        }
        if (reservation.expiresAt() != null) {
            data.put("expiredAt", Timestamps.format(reservation.expiresAt()));
        }
        out.event(DetailType.SIGNUP_EXPIRED, null, data, List.of(), null);
        return out.build();
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Collects the events and audit entries of one record, with the envelope fields they share. */
    private static final class Builder {
        private final ChangeRecord record;
        private final String userId;
        private final String actor;
        private final String correlationId;
        private final Instant occurredAt;
        private final List<DomainEvent> events = new ArrayList<>();
        private final List<AuditEntry> audit = new ArrayList<>();

        Builder(ChangeRecord record, String userId) {
            this.record = record;
            this.userId = userId;
            ChangeContext stamp = record.newImage() == null ? null : ChangeContext.of(record.newImage());
            if (record.type() == ChangeType.REMOVE) {
                // a deletion cannot stamp the item: the old image's stamp belongs to the write before it
                this.actor = record.isTtlExpiry() ? TTL_ACTOR : UNKNOWN_ACTOR;
                this.correlationId = record.eventId();
            } else {
                this.actor = stamp == null ? UNKNOWN_ACTOR : stamp.actor();
                this.correlationId = stamp == null || stamp.correlationId().isEmpty()
                        ? record.eventId() : stamp.correlationId();
            }
            this.occurredAt = occurredAt(record);
        }

        void event(DetailType type, String qualifier, ObjectNode data, List<String> changedFields, String summary) {
            String eventId = EventIds.derive(record.eventId(), type, qualifier);
            events.add(new DomainEvent(type, eventId, occurredAt, userId, correlationId, data));
            if (type.audited()) {
                audit.add(new AuditEntry(userId, occurredAt, eventId, type.wireName(), actor, changedFields, summary));
            }
        }

        MappedChange build() {
            return new MappedChange(userId, events, audit);
        }

        /**
         * When the change happened, the same on every redelivery: the time the write stamped on the
         * item when it has one ({@code updatedAt} it changed, or {@code createdAt} of a new item),
         * else the stream's approximate creation time.
         */
        private static Instant occurredAt(ChangeRecord record) {
            Map<String, AttributeValue> after = record.newImage();
            if (after != null) {
                Instant updated = safeInstant(after, "updatedAt");
                Instant previous = record.oldImage() == null ? null : safeInstant(record.oldImage(), "updatedAt");
                if (updated != null && !updated.equals(previous)) {
                    return updated;
                }
                Instant created = safeInstant(after, "createdAt");
                if (record.type() == ChangeType.INSERT && created != null) {
                    return created;
                }
            }
            return record.approximateCreationTime() != null ? record.approximateCreationTime() : Instant.EPOCH;
        }

        private static Instant safeInstant(Map<String, AttributeValue> item, String name) {
            try {
                return Attributes.instant(item, name);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
