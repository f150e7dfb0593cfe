package dev.userbase.core.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.ErasureRequest;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Page;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.AuditTrail;
import dev.userbase.core.store.ChangeTokens;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.store.FollowEdges;
import dev.userbase.core.store.IdempotencyRecords;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminDeleteUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erases an account for good, driven by the change stream (no scheduler, no state outside the table).
 *
 * <p>What starts it: the TTL deletion of a PENDING {@link ErasureRequest} (the grace period is over:
 * the tombstone is put back as ERASING) or an ERASING tombstone written by {@code POST /users/{id}/erase}.
 * Every stream record of an ERASING tombstone, and every change of the profile while it is being
 * erased (the follow-counter pipeline's count updates), runs {@link #step}, which does whatever is
 * left, in this order:
 * <ol>
 *   <li>{@link Step#STRIP_PROFILE}: the profile becomes DELETED and loses every personal attribute and
 *       index key (it keeps its id and counts until the counts reach zero), marked {@value #ERASING};</li>
 *   <li>{@link Step#DELETE_COGNITO_USER}: AdminDeleteUser (a missing user is fine);</li>
 *   <li>{@link Step#RELEASE_EMAILS}: the reservations of the account's addresses (the profile's, its
 *       pending email changes', recorded on the tombstone first), if still its own;</li>
 *   <li>{@link Step#DELETE_OWN_ITEMS}: every other item of {@code USER#<id>}: preferences, tokens, parked
 *       counts, the export allowance, the follow edges it made, and the {@link IdempotencyLink}s, each
 *       after the idempotency record it points to (the admin {@code POST /users} that created the
 *       account, whose saved response names it: {@link IdempotencyRecords});</li>
 *   <li>{@link Step#DELETE_FOLLOWERS}: the edges of its followers (the followers index);</li>
 *   <li>{@link Step#PSEUDONYMISE_ACTIONS}: the entries of other users' trails that name it as their actor
 *       (an administrator's suspensions, role changes, exports), found by their {@link ActorLink}s, name
 *       its pseudonym instead, and the links go ({@link AuditTrail});</li>
 *   <li>{@link Step#AWAIT_COUNTS}: wait until the counter pipeline has applied every edge REMOVE, which
 *       corrects the other sides' counts and brings this profile's to zero;</li>
 *   <li>{@link Step#PSEUDONYMISE_AUDIT}: first an {@link dev.userbase.core.model.ErasedAccount} marker (a
 *       hash of the id, for a day), so a token that outlives the erasure cannot make the API provision the
 *       profile again, and an audit entry written after the trail moved is moved by its writer
 *       ({@link #afterAudit}); then the audit trail moves to {@code AUDIT#<pseudonym>} ({@link Pseudonyms}),
 *       with one more entry {@code user.erased};</li>
 *   <li>{@link Step#DELETE_PROFILE} (its REMOVE publishes {@code user.erased}), then the tombstone.</li>
 * </ol>
 * Each step is conditional on the state it changes, so a redelivered record or a retry after a crash
 * at any call redoes nothing and finishes the rest. Edges (and actor links) are handled at most
 * {@code edgesPerRound} per invocation; then the tombstone's {@code round} is bumped, and that write's stream record runs
 * the next round. The profile is deleted only when no edge is left and both its counts are zero, so
 * no edge ever counts for a user whose profile is gone (the counter pipeline would otherwise park the
 * delta under the erased id).
 *
 * <p>Edges are stamped with {@value #ACTOR} before they are deleted: a REMOVE record carries the old
 * image only, and the stamp is how the event mapper knows not to publish {@code user.unfollowed} for
 * an erasure (downstream gets one {@code user.erased} instead).
 */
public final class ErasureCascade {

    /** The actor stamped on every write of the cascade; the event mapper publishes nothing for them. */
    public static final String ACTOR = "system:erasure";
    /** On a profile being erased: it holds no personal data any more and is deleted once its counts are zero. */
    public static final String ERASING = UserProfile.ERASING;
    /** The audit action of the entry that records the erasure (under the pseudonym). */
    public static final String AUDIT_ACTION = "user.erased";

    private static final Logger LOG = LogManager.getLogger(ErasureCascade.class);
    /** The stamp on an edge the cascade deletes (see the class comment), and on what an erased person wrote last. */
    private static final ChangeContext ANONYMOUS_STAMP = new ChangeContext(ACTOR, "erasure");

    /** The steps, in order (for logs and the class comment). */
    public enum Step {
        STRIP_PROFILE, DELETE_COGNITO_USER, RELEASE_EMAILS, DELETE_OWN_ITEMS, DELETE_FOLLOWERS, PSEUDONYMISE_ACTIONS,
        AWAIT_COUNTS, PSEUDONYMISE_AUDIT, DELETE_PROFILE, DONE
    }

    private final Profiles profiles;
    private final ErasureRequests tombstones;
    private final EmailReservations reservations;
    private final ChangeTokens tokens;
    private final FollowEdges edges;
    private final AuditTrail audit;
    private final IdempotencyRecords idempotency;
    private final Supplier<CognitoIdentityProviderClient> cognito;
    private final String userPoolId;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final int edgesPerRound;

    /** {@code table}: the users table; {@code idempotencyTable}: the records an erased user's links point to. */
    public ErasureCascade(DynamoDbClient dynamoDb, String table, String idempotencyTable,
            Supplier<CognitoIdentityProviderClient> cognito, String userPoolId, Pseudonyms pseudonyms, Clock clock,
            int edgesPerRound) {
        Table users = new Table(dynamoDb, table);
        this.profiles = new Profiles(users);
        this.tombstones = new ErasureRequests(users);
        this.reservations = new EmailReservations(dynamoDb, table);
        this.tokens = new ChangeTokens(users);
        this.edges = new FollowEdges(users);
        this.audit = new AuditTrail(users);
        this.idempotency = new IdempotencyRecords(users,
                new Table(dynamoDb, Objects.requireNonNull(idempotencyTable, "idempotencyTable")));
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.userPoolId = userPoolId;
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (edgesPerRound < 1) {
            throw new IllegalArgumentException("edgesPerRound must be positive");
        }
        this.edgesPerRound = edgesPerRound;
    }

    /** What a stream record asks of the cascade (most records: nothing). Returns the step it stopped at. */
    public Step onRecord(ChangeRecord record) {
        if (record.kind() == ItemKind.ERASURE) {
            if (record.type() == ChangeType.REMOVE) {
                if (record.isTtlExpiry() && record.oldImage() != null) {
                    ErasureRequest expired = ErasureRequest.fromItem(record.oldImage());
                    if (expired.state() == ErasureRequest.State.PENDING) {
                        begin(expired);
                    }
                }
                return Step.DONE;
            }
            ErasureRequest request = ErasureRequest.fromItem(record.newImage());
            return request.state() == ErasureRequest.State.ERASING ? step(request.userId()) : Step.DONE;
        }
        if (record.kind() == ItemKind.PROFILE && record.type() == ChangeType.MODIFY && record.newImage() != null
                && record.newImage().containsKey(ERASING)) {
            return step(Keys.userIdOf(record.partitionKey()));
        }
        return Step.DONE;
    }

    /**
     * After the change stream wrote audit entries and their links, the entries that name a person
     * already erased (or being erased past the step that handles them) get what the cascade would
     * have given them:
     * <ul>
     *   <li>an entry naming as its actor a person whose erasure has passed their links (or finished)
     *       names their pseudonym ({@link AuditTrail}: the order that leaves no entry behind);</li>
     *   <li>an entry in the trail of a person whose erasure has moved their trail (or finished) moves
     *       to their pseudonym's trail. Such an entry comes from a record read in the batch that
     *       finished the erasure, or redelivered after it (Lambda retries from an earlier failed
     *       record, or after a crash). The cascade marks the account erased before it moves the
     *       trail, and this asks after the entry was written: either the cascade's query of the
     *       trail found the entry, or this finds the mark.</li>
     * </ul>
     * Actors first: moving an entry moves its link too, so it must name the pseudonym by then.
     *
     * @return the event ids of the entries this could not check (their records are retried)
     */
    public Set<String> afterAudit(List<AuditEntry> written) {
        Set<String> failed = new TreeSet<>();
        for (AuditEntry entry : written) {
            Optional<ActorLink> link = ActorLink.of(entry);
            if (link.isEmpty()) {
                continue;
            }
            try {
                String pseudonym = pseudonyms.of(link.get().actorId());
                if (audit.actorErased(link.get().actorId(), pseudonym)) {
                    pseudonymiseAction(link.get(), pseudonym);
                    LOG.info("an audit entry written after its actor's erasure names their pseudonym");
                }
            } catch (RuntimeException e) {
                LOG.warn("actor of audit entry {} not checked: {}", entry.eventId(), e.toString());
                failed.add(entry.eventId());
            }
        }
        failed.addAll(moveTrailsOfErased(written));
        return failed;
    }

    /** The entries' subjects that are erased get their trails moved; returns the event ids not checked. */
    private Set<String> moveTrailsOfErased(List<AuditEntry> written) {
        Map<String, List<String>> eventIds = new TreeMap<>();
        written.forEach(entry -> eventIds.computeIfAbsent(entry.userId(), subject -> new ArrayList<>()).add(entry.eventId()));
        Set<String> failed = new TreeSet<>();
        Set<String> erased;
        try {
            erased = tombstones.erasedAmong(eventIds.keySet());
        } catch (RuntimeException e) {
            LOG.warn("subjects of {} audit entries not checked: {}", written.size(), e.toString());
            eventIds.values().forEach(failed::addAll);
            return failed;
        }
        for (String subject : erased) {
            try {
                int moved = audit.moveTrail(subject, pseudonyms.of(subject));
                if (moved > 0) {
                    LOG.info("{} audit entries written after their subject's erasure moved to the pseudonym's trail", moved);
                }
            } catch (RuntimeException e) {
                LOG.warn("trail of an erased subject not moved: {}", e.toString());
                failed.addAll(eventIds.get(subject));
            }
        }
        return failed;
    }

    /** The grace period ended (the PENDING tombstone expired): put it back as ERASING, which runs the cascade. */
    void begin(ErasureRequest expired) {
        Optional<UserProfile> profile = profiles.findForErasure(expired.userId()).map(Profiles.Erasing::profile);
        if (profile.isPresent() && profile.get().status() != UserStatus.DELETED) {
            // reactivated outside the restore route (which withdraws the tombstone): an account in use is never erased
            LOG.warn("grace period of {} ended, but the account is {}: not erased", expired.userId(),
                    profile.get().status());
            return;
        }
        if (tombstones.createIfAbsent(expired.erasing())) { // false: put back already (a redelivered record)
            LOG.info("grace period of {} ended: erasure begins", expired.userId());
        }
    }

    /**
     * Runs what is left of {@code userId}'s erasure, if an ERASING tombstone says it is under way.
     *
     * @return the step it stopped at: {@link Step#DONE}, or a step that waits for a later record
     */
    public Step step(String userId) {
        ErasureRequest request = tombstones.find(userId).orElse(null);
        if (request == null || request.state() != ErasureRequest.State.ERASING) {
            return Step.DONE; // erased, or in its grace period
        }
        Optional<Profiles.Erasing> read = profiles.findForErasure(userId);
        Optional<UserProfile> profile = read.map(Profiles.Erasing::profile);
        Set<String> addresses = recordAddresses(request, profile);
        if (read.isPresent() && !read.get().stripped()) {
            profiles.stripForErasure(userId, clock.instant(), context(userId));
        }
        deleteCognitoUser(request);
        releaseEmails(request, addresses);
        String pseudonym = pseudonyms.of(userId);
        if (deleteOwnItems(userId) || deleteFollowerEdges(userId) || pseudonymiseActions(userId, pseudonym)) {
            tombstones.nextRound(userId);
            return Step.DELETE_FOLLOWERS;
        }
        profile = profiles.find(userId);
        if (profile.isPresent() && (profile.get().followerCount() != 0 || profile.get().followingCount() != 0)) {
            LOG.info("erasure of {} waits for the follow counts to reach zero", userId);
            return Step.AWAIT_COUNTS; // the counter pipeline's write of these counts runs the next step
        }
        // before the trail moves (an entry written later is moved by its writer: afterAudit), and before the
        // profile goes (the API then provisions none)
        tombstones.markErased(userId, clock.instant());
        pseudonymiseAudit(request, pseudonym);
        if (profile.isPresent() && !profiles.deleteErased(userId)) {
            throw new IllegalStateException("the profile of " + userId + " changed while its erasure was ending; retrying");
        }
        tombstones.delete(userId);
        LOG.info("{} erased", userId);
        return Step.DONE;
    }

    // ---- the steps --------------------------------------------------------------------------------

    private static ChangeContext context(String userId) {
        return new ChangeContext(ACTOR, "erasure:" + userId);
    }

    private void deleteCognitoUser(ErasureRequest request) {
        if (request.userName() == null) {
            return;
        }
        if (userPoolId == null || userPoolId.isBlank()) {
            throw new IllegalStateException("USER_POOL_ID is not set: cannot delete the Cognito user of an erasure");
        }
        try {
            cognito.get().adminDeleteUser(AdminDeleteUserRequest.builder().userPoolId(userPoolId)
                    .username(request.userName()).build());
        } catch (UserNotFoundException e) {
            // deleted already
        }
    }

    /**
     * Every address whose reservation the erasure must release, recorded on the tombstone
     * ({@value ErasureRequest#ADDRESSES}) before the profile and the tokens that name them are
     * stripped or deleted, so a retry after a crash still knows them: the tombstone's, the profile's
     * and every pending email change's.
     */
    private Set<String> recordAddresses(ErasureRequest request, Optional<UserProfile> profile) {
        Set<String> known = new TreeSet<>(request.addresses());
        Set<String> found = new TreeSet<>();
        addIfPresent(found, request.email());
        addIfPresent(found, request.pendingEmail());
        profile.ifPresent(p -> {
            addIfPresent(found, p.email());
            addIfPresent(found, p.pendingEmail());
        });
        tokens.ofKind(request.userId(), ChangeToken.Kind.EMAIL_CHANGE)
                .forEach(token -> addIfPresent(found, token.newEmail()));
        found.removeAll(known);
        if (!found.isEmpty()) {
            tombstones.recordAddresses(request.userId(), found);
            known.addAll(found);
        }
        return known;
    }

    private static void addIfPresent(Set<String> addresses, String address) {
        if (address == null) {
            return;
        }
        try {
            addresses.add(EmailAddress.normalise(address));
        } catch (InvalidEmailException e) {
            // not an address a reservation can have been made for
        }
    }

    private void releaseEmails(ErasureRequest request, Set<String> addresses) {
        for (String address : addresses) {
            try {
                // false: released already, or someone else's now
                reservations.releaseForErasure(EmailAddress.normalise(address), request.userId(), request.userName());
            } catch (InvalidEmailException e) {
                // not an address a reservation can have been made for
            }
        }
    }

    /** Deletes up to a round's worth of the partition's items; true if there may be more. */
    private boolean deleteOwnItems(String userId) {
        Page page = tombstones.partitionKeys(userId, edgesPerRound + 2); // the profile and the tombstone stay
        int deleted = 0;
        for (Map<String, AttributeValue> key : page.items()) {
            String sk = Attributes.string(key, UsersTable.SK);
            if (Keys.PROFILE_SK.equals(sk) || ErasureRequest.SK.equals(sk)) {
                continue;
            }
            if (sk.startsWith(Keys.FOLLOWS_PREFIX)) {
                edges.stampAndDelete(key, ANONYMOUS_STAMP);
            } else if (IdempotencyLink.isLink(sk)) {
                idempotency.erase(userId, IdempotencyLink.recordKeyOf(sk));
            } else {
                tombstones.deleteItem(key);
            }
            deleted++;
        }
        return deleted > 0 && page.hasMore();
    }

    /** Deletes up to a round's worth of the edges of the user's followers; true if there may be more. */
    private boolean deleteFollowerEdges(String userId) {
        Page page = edges.followerEdgeKeys(userId, edgesPerRound);
        for (Map<String, AttributeValue> key : page.items()) {
            edges.stampAndDelete(Keys.key(Attributes.string(key, UsersTable.PK), Attributes.string(key, UsersTable.SK)),
                    ANONYMOUS_STAMP);
        }
        return !page.items().isEmpty();
    }

    /** Follows up to a round's worth of the user's actor links; true if there may be more. */
    private boolean pseudonymiseActions(String userId, String pseudonym) {
        AuditTrail.Links page = audit.linksOf(userId, edgesPerRound);
        page.links().forEach(link -> pseudonymiseAction(link, pseudonym));
        return page.more();
    }

    /**
     * One action of an erased person on another user: the stamps it left on that user's profile and
     * sign-up reservation (if the person still made the last write of them) become the cascade's, then
     * the audit entry names the pseudonym and the link goes (last: a crash before it is retried by it).
     */
    private void pseudonymiseAction(ActorLink link, String pseudonym) {
        String subject = link.subjectId();
        if (ChangeContext.isPerson(subject)) {
            ChangeContext stamp = ANONYMOUS_STAMP; // naming no one: the item outlives the erasure
            audit.restamp(UserProfile.key(subject), link.actorId(), stamp);
            profiles.find(subject).map(UserProfile::email).ifPresent(email -> {
                try {
                    audit.restamp(EmailReservation.key(EmailAddress.normalise(email)), link.actorId(), stamp);
                } catch (InvalidEmailException e) {
                    // no reservation can be kept under it
                }
            });
        }
        audit.pseudonymiseActor(link, pseudonym);
    }

    /**
     * Moves the audit trail to the pseudonym's partition ({@link AuditTrail#moveTrail}), then records
     * the erasure there.
     */
    private void pseudonymiseAudit(ErasureRequest request, String pseudonym) {
        String userId = request.userId();
        audit.moveTrail(userId, pseudonym);
        Instant at = request.requestedAt() == null ? Instant.EPOCH : request.requestedAt();
        String eventId = UUID.nameUUIDFromBytes(("erased|" + pseudonym).getBytes(StandardCharsets.UTF_8)).toString();
        String actor = request.requestedBy() == null ? ACTOR
                : userId.equals(request.requestedBy()) ? pseudonym : request.requestedBy();
        audit.record(new AuditEntry(pseudonym, at, eventId, AUDIT_ACTION, actor, List.of(), "account erased"));
    }
}
