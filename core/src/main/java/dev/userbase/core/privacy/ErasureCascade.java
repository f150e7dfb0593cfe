package dev.userbase.core.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.IdempotencyRecords;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminDeleteUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
 *   <li>{@link Step#AWAIT_COUNTS}: wait until the counter pipeline has applied every edge REMOVE, which
 *       corrects the other sides' counts and brings this profile's to zero;</li>
 *   <li>{@link Step#PSEUDONYMISE_AUDIT}: the audit trail moves to {@code AUDIT#<pseudonym>} ({@link Pseudonyms}),
 *       with one more entry {@code user.erased};</li>
 *   <li>{@link Step#DELETE_PROFILE} (its REMOVE publishes {@code user.erased}), then the tombstone.</li>
 * </ol>
 * Each step is conditional on the state it changes, so a redelivered record or a retry after a crash
 * at any call redoes nothing and finishes the rest. Edges are deleted at most {@code edgesPerRound}
 * per invocation; then the tombstone's {@code round} is bumped, and that write's stream record runs
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
    /** On the tombstone: the (normalised) addresses whose reservations the erasure releases. */
    public static final String ADDRESSES = "addresses";
    /** The audit action of the entry that records the erasure (under the pseudonym). */
    public static final String AUDIT_ACTION = "user.erased";

    private static final Logger LOG = LogManager.getLogger(ErasureCascade.class);

    /** The steps, in order (for logs and the class comment). */
    public enum Step {
        STRIP_PROFILE, DELETE_COGNITO_USER, RELEASE_EMAILS, DELETE_OWN_ITEMS, DELETE_FOLLOWERS, AWAIT_COUNTS,
        PSEUDONYMISE_AUDIT, DELETE_PROFILE, DONE
    }

    /** The profile attributes an erased user's profile loses at once (personal data and index keys). */
    static final List<String> PERSONAL = List.of(UserProfile.EMAIL, UserProfile.GIVEN_NAME, UserProfile.FAMILY_NAME,
            UserProfile.DISPLAY_NAME, UserProfile.AVATAR_URL, UserProfile.STATUS_REASON, UserProfile.ROLES,
            UserProfile.STRIPE_CUSTOMER_ID, UserProfile.REVENUECAT_ID, UserProfile.PASSWORD_CHANGED_AT,
            UserProfile.PENDING_EMAIL, UsersTable.SEARCH_PK, UsersTable.SEARCH_SK, UsersTable.STATUS_PK,
            UsersTable.STATUS_SK);

    private final DynamoDbClient dynamoDb;
    private final String table;
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
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.idempotency = new IdempotencyRecords(new Table(dynamoDb, table),
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

    /** The grace period ended (the PENDING tombstone expired): put it back as ERASING, which runs the cascade. */
    void begin(ErasureRequest expired) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(expired.erasing().toItem())
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                    .build());
            LOG.info("grace period of {} ended: erasure begins", expired.userId());
        } catch (ConditionalCheckFailedException e) {
            // put back already (a redelivered record)
        }
    }

    /**
     * Runs what is left of {@code userId}'s erasure, if an ERASING tombstone says it is under way.
     *
     * @return the step it stopped at: {@link Step#DONE}, or a step that waits for a later record
     */
    public Step step(String userId) {
        Map<String, AttributeValue> tombstone = get(ErasureRequest.key(userId));
        if (tombstone == null) {
            return Step.DONE;
        }
        ErasureRequest request = ErasureRequest.fromItem(tombstone);
        if (request.state() != ErasureRequest.State.ERASING) {
            return Step.DONE; // in its grace period
        }
        Map<String, AttributeValue> profile = get(UserProfile.key(userId));
        Set<String> addresses = recordAddresses(request, tombstone, profile);
        if (profile != null && !profile.containsKey(ERASING)) {
            stripProfile(userId);
        }
        deleteCognitoUser(request);
        releaseEmails(request, addresses);
        if (deleteOwnItems(userId) || deleteFollowerEdges(userId)) {
            nextRound(request);
            return Step.DELETE_FOLLOWERS;
        }
        profile = get(UserProfile.key(userId));
        if (profile != null && (Attributes.number(profile, UserProfile.FOLLOWER_COUNT, 0) != 0
                || Attributes.number(profile, UserProfile.FOLLOWING_COUNT, 0) != 0)) {
            LOG.info("erasure of {} waits for the follow counts to reach zero", userId);
            return Step.AWAIT_COUNTS; // the counter pipeline's write of these counts runs the next step
        }
        pseudonymiseAudit(request);
        if (profile != null) {
            deleteProfile(userId);
        }
        delete(ErasureRequest.key(userId), null);
        LOG.info("{} erased", userId);
        return Step.DONE;
    }

    // ---- the steps --------------------------------------------------------------------------------

    private void stripProfile(String userId) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>(
                new ChangeContext(ACTOR, "erasure:" + userId).expressionValues());
        List<String> removes = new ArrayList<>();
        for (int i = 0; i < PERSONAL.size(); i++) {
            names.put("#p" + i, PERSONAL.get(i));
            removes.add("#p" + i);
        }
        names.put("#status", UserProfile.STATUS);
        names.put("#erasing", ERASING);
        names.put("#updatedAt", UserProfile.UPDATED_AT);
        names.put("#pk", UsersTable.PK);
        values.put(":deleted", Attributes.s(UserStatus.DELETED.name()));
        values.put(":true", Attributes.bool(true));
        values.put(":now", Attributes.time(clock.instant()));
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(UserProfile.key(userId))
                    .updateExpression("SET #status = :deleted, #erasing = :true, #updatedAt = :now, "
                            + ChangeContext.setClause() + " REMOVE " + String.join(", ", removes))
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#erasing)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // stripped already, or gone
        }
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
     * Every address whose reservation the erasure must release, written on the tombstone
     * ({@value #ADDRESSES}) before the profile and the tokens that name them are stripped or deleted,
     * so a retry after a crash still knows them: the tombstone's, the profile's and every pending
     * email change's.
     */
    private Set<String> recordAddresses(ErasureRequest request, Map<String, AttributeValue> tombstone,
            Map<String, AttributeValue> profile) {
        Set<String> known = new TreeSet<>(Attributes.stringSet(tombstone, ADDRESSES));
        Set<String> found = new TreeSet<>();
        addIfPresent(found, request.email());
        addIfPresent(found, request.pendingEmail());
        if (profile != null) {
            addIfPresent(found, Attributes.string(profile, UserProfile.EMAIL));
            addIfPresent(found, Attributes.string(profile, UserProfile.PENDING_EMAIL));
        }
        dynamoDb.queryPaginator(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :tokens)")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#sk", UsersTable.SK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(Keys.userPk(request.userId())),
                        ":tokens", Attributes.s(Keys.TOKEN_PREFIX)))
                .consistentRead(true)
                .build()).items().forEach(token -> addIfPresent(found, Attributes.string(token, ChangeToken.NEW_EMAIL)));
        found.removeAll(known);
        if (!found.isEmpty()) {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(ErasureRequest.key(request.userId()))
                    .updateExpression("ADD #addresses :found")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#addresses", ADDRESSES, "#pk", UsersTable.PK))
                    .expressionAttributeValues(Map.of(":found", Attributes.ss(found)))
                    .build());
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
            String email;
            try {
                email = EmailAddress.normalise(address);
            } catch (InvalidEmailException e) {
                continue;
            }
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":user", Attributes.s(request.userId()));
            String condition = "#userId = :user";
            if (request.userName() != null) {
                values.put(":name", Attributes.s(request.userName()));
                condition += " OR #userName = :name";
            }
            try {
                dynamoDb.deleteItem(DeleteItemRequest.builder()
                        .tableName(table)
                        .key(EmailReservation.key(email))
                        .conditionExpression(condition)
                        .expressionAttributeNames(request.userName() == null
                                ? Map.of("#userId", EmailReservation.USER_ID)
                                : Map.of("#userId", EmailReservation.USER_ID, "#userName", EmailReservation.USER_NAME))
                        .expressionAttributeValues(values)
                        .build());
            } catch (ConditionalCheckFailedException e) {
                // released already, or someone else's now
            }
        }
    }

    /** Deletes up to a round's worth of the partition's items; true if there may be more. */
    private boolean deleteOwnItems(String userId) {
        QueryResponse response = dynamoDb.query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk")
                .projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#sk", UsersTable.SK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(Keys.userPk(userId))))
                .consistentRead(true)
                .limit(edgesPerRound + 2) // the profile and the tombstone stay
                .build());
        int deleted = 0;
        for (Map<String, AttributeValue> key : response.items()) {
            String sk = Attributes.string(key, UsersTable.SK);
            if (Keys.PROFILE_SK.equals(sk) || ErasureRequest.SK.equals(sk)) {
                continue;
            }
            if (sk.startsWith(Keys.FOLLOWS_PREFIX)) {
                deleteEdge(key);
            } else if (IdempotencyLink.isLink(sk)) {
                idempotency.erase(userId, IdempotencyLink.recordKeyOf(sk));
            } else {
                delete(key, null);
            }
            deleted++;
        }
        return deleted > 0 && response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
    }

    /** Deletes up to a round's worth of the edges of the user's followers; true if there may be more. */
    private boolean deleteFollowerEdges(String userId) {
        QueryResponse response = dynamoDb.query(QueryRequest.builder()
                .tableName(table)
                .indexName(UsersTable.FOLLOWERS_INDEX)
                .keyConditionExpression("#gpk = :pk")
                .projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#gpk", UsersTable.FOLLOWERS_PK, "#pk", UsersTable.PK,
                        "#sk", UsersTable.SK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(Keys.userPk(userId))))
                .limit(edgesPerRound)
                .build());
        for (Map<String, AttributeValue> key : response.items()) {
            deleteEdge(Keys.key(Attributes.string(key, UsersTable.PK), Attributes.string(key, UsersTable.SK)));
        }
        return !response.items().isEmpty();
    }

    /** Stamps the edge as the erasure's, then deletes it (its REMOVE then publishes nothing, and counts once). */
    private void deleteEdge(Map<String, AttributeValue> key) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key)
                    .updateExpression("SET " + ChangeContext.setClause())
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                    .expressionAttributeValues(new ChangeContext(ACTOR, "erasure").expressionValues())
                    .build());
        } catch (ConditionalCheckFailedException gone) {
            return; // deleted already (the followers index lags the table)
        }
        delete(key, null);
    }

    private void nextRound(ErasureRequest request) {
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(table)
                .key(ErasureRequest.key(request.userId()))
                .updateExpression("ADD #round :one")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#round", ErasureRequest.ROUND, "#pk", UsersTable.PK))
                .expressionAttributeValues(Map.of(":one", Attributes.n(1)))
                .build());
    }

    /** Moves every audit entry to the pseudonym's partition (put the copy, then delete the original), then records the erasure. */
    private void pseudonymiseAudit(ErasureRequest request) {
        String userId = request.userId();
        String pseudonym = pseudonyms.of(userId);
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        dynamoDb.queryPaginator(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(AuditEntry.partitionKey(userId))))
                .consistentRead(true)
                .build()).items().forEach(entries::add);
        for (Map<String, AttributeValue> item : entries) {
            AuditEntry entry = AuditEntry.fromItem(item);
            String actor = userId.equals(entry.actor()) ? pseudonym : entry.actor();
            AuditEntry copy = new AuditEntry(pseudonym, entry.occurredAt(), entry.eventId(), entry.action(), actor,
                    entry.changedFields(), entry.summary());
            Map<String, AttributeValue> copied = new HashMap<>(copy.toItem());
            copied.put(AuditEntry.EXPIRES_AT, item.getOrDefault(AuditEntry.EXPIRES_AT, copied.get(AuditEntry.EXPIRES_AT)));
            dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(copied).build());
            delete(Keys.key(Attributes.string(item, UsersTable.PK), Attributes.string(item, UsersTable.SK)), null);
        }
        Instant at = request.requestedAt() == null ? Instant.EPOCH : request.requestedAt();
        String eventId = UUID.nameUUIDFromBytes(("erased|" + pseudonym).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        String actor = request.requestedBy() == null ? ACTOR
                : userId.equals(request.requestedBy()) ? pseudonym : request.requestedBy();
        dynamoDb.putItem(PutItemRequest.builder().tableName(table).item(new AuditEntry(pseudonym, at, eventId,
                AUDIT_ACTION, actor, List.of(), "account erased").toItem()).build());
    }

    private void deleteProfile(String userId) {
        try {
            dynamoDb.deleteItem(DeleteItemRequest.builder()
                    .tableName(table)
                    .key(UserProfile.key(userId))
                    .conditionExpression("attribute_exists(#erasing) AND (attribute_not_exists(#fc) OR #fc = :zero) "
                            + "AND (attribute_not_exists(#gc) OR #gc = :zero)")
                    .expressionAttributeNames(Map.of("#erasing", ERASING, "#fc", UserProfile.FOLLOWER_COUNT,
                            "#gc", UserProfile.FOLLOWING_COUNT))
                    .expressionAttributeValues(Map.of(":zero", Attributes.n(0)))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("the profile of " + userId + " changed while its erasure was ending; retrying");
        }
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table).key(key).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private void delete(Map<String, AttributeValue> key, String condition) {
        DeleteItemRequest.Builder request = DeleteItemRequest.builder().tableName(table).key(key);
        if (condition != null) {
            request.conditionExpression(condition);
        }
        dynamoDb.deleteItem(request.build());
    }
}
