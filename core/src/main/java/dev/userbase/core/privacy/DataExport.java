package dev.userbase.core.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static dev.userbase.core.model.JsonFields.putIfPresent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.access.Caller;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.Timestamps;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.paging.CursorCodec;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.AuditTrail;
import dev.userbase.core.store.ChangeTokens;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.userpool.PoolAccount;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Everything the service holds about one user, as a JSON document (format {@value #FORMAT}, schema
 * {@code docs/schemas/user-export-v1.schema.json}).
 *
 * <p>A user can have any number of followers, so one response cannot always hold everything within
 * Lambda's 6 MB response and API Gateway's 29 s. The first response ({@link #start}) holds every
 * bounded part whole (the profile item with all its attributes, preferences, pending email changes
 * without their token hashes, email reservations, the other items of the user's partition, the
 * Cognito attributes and groups) and the first page of each unbounded section ({@link ExportSection}),
 * each with a {@code next} cursor while more remain; {@link #next} serves the following pages. The
 * cursors are the API's signed cursors, bound to the user and the section, so a cursor cannot be
 * edited or replayed against another user's export. Only starting an export is rate limited
 * ({@link ExportAllowance}) and audited ({@value #AUDIT_ACTION}, with who asked); the pages are
 * reads a client could make through the lists anyway.
 *
 * <p>Order of steps in {@link #start}: the subject's profile must exist (404), the allowance is taken
 * (429), the audit entry is written, then everything is read. An export is never served unaudited;
 * an audited export may fail to be served (the client retries, and the retry is audited too).
 */
public final class DataExport {

    public static final String FORMAT = "userbase.export/1";
    public static final String AUDIT_ACTION = "user.exported";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every key of the user's partition that is not a follow edge sorts before this or at/after {@link #AFTER_FOLLOWS}. */
    private static final String FOLLOWS_START = Keys.FOLLOWS_PREFIX;
    private static final String AFTER_FOLLOWS = Keys.FOLLOWS_PREFIX.substring(0, Keys.FOLLOWS_PREFIX.length() - 1)
            + (char) (Keys.FOLLOWS_PREFIX.charAt(Keys.FOLLOWS_PREFIX.length() - 1) + 1);
    private static final Set<String> TABLE_KEY = Set.of(UsersTable.PK, UsersTable.SK);
    private static final Set<String> FOLLOWERS_KEY = Set.of(UsersTable.PK, UsersTable.SK, UsersTable.FOLLOWERS_PK,
            UsersTable.FOLLOWERS_SK);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Table users;
    private final AuditTrail trail;
    private final Profiles profiles;
    private final ErasureRequests erasures;
    private final Clock clock;
    private final CursorCodec cursors;
    private final UserPool userPool;
    private final ExportSettings settings;
    private final ExportAllowance allowance;

    public DataExport(DynamoDbClient dynamoDb, String table, Clock clock, CursorCodec cursors, UserPool userPool,
            ExportSettings settings) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.users = new Table(dynamoDb, table);
        this.trail = new AuditTrail(users);
        this.profiles = new Profiles(users);
        this.erasures = new ErasureRequests(users);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.userPool = Objects.requireNonNull(userPool, "userPool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.allowance = new ExportAllowance(dynamoDb, table, settings.exportsPerWindow(), settings.window());
    }

    /**
     * The first response of an export of {@code subjectId} asked for by {@code requester}.
     *
     * @param cognitoUserName the subject's Cognito user name if known (the caller's own), else null (looked up by sub)
     * @throws NotFoundException there is no profile for {@code subjectId}
     * @throws dev.userbase.core.error.RateLimitedException the requester started too many exports lately
     */
    public ObjectNode start(Caller requester, String subjectId, String cognitoUserName, String requestId) {
        Instant now = clock.instant();
        List<Map<String, AttributeValue>> partition = partitionItems(subjectId);
        Map<String, AttributeValue> profileItem = partition.stream()
                .filter(item -> Keys.PROFILE_SK.equals(Attributes.string(item, UsersTable.SK)))
                .findFirst().orElseThrow(() -> new NotFoundException("No such user"));
        boolean byAnother = !requester.userId().equals(subjectId);
        if (byAnother && requesterErased(requester.userId())) {
            throw new ForbiddenException(ERASED_REQUESTER); // before anything is written under their id
        }
        allowance.take(requester.userId(), now);
        audit(requester, subjectId, requestId, now);

        UserProfile profile = UserProfile.fromItem(profileItem);
        ObjectNode document = header(subjectId, now);
        document.put("requestedBy", requester.userId());
        document.set("profile", ItemJson.of(profileItem));
        document.set("preferences", NODES.nullNode());
        ArrayNode emailChanges = NODES.arrayNode();
        ArrayNode others = NODES.arrayNode();
        Set<String> addresses = new LinkedHashSet<>();
        addIfPresent(addresses, profile.email());
        addIfPresent(addresses, profile.pendingEmail());
        for (Map<String, AttributeValue> item : partition) {
            String sk = Attributes.string(item, UsersTable.SK);
            if (Keys.PROFILE_SK.equals(sk)) {
                continue;
            }
            if (Keys.PREFERENCES_SK.equals(sk)) {
                document.set("preferences", preferences(UserPreferences.fromItem(item)));
            } else if (sk.startsWith(Keys.TOKEN_PREFIX)) {
                ChangeToken token = ChangeToken.fromItem(item);
                emailChanges.add(emailChange(token, Attributes.instant(item, ChangeTokens.CONSUMED_AT), profile, now));
                addIfPresent(addresses, token.newEmail());
            } else {
                others.add(ItemJson.of(item));
            }
        }
        document.set("pendingEmailChanges", emailChanges);
        document.set("otherItems", others);

        Optional<PoolAccount> account = poolAccount(subjectId, cognitoUserName);
        account.map(a -> a.attributes().get("email")).ifPresent(email -> addIfPresent(addresses, email));
        document.set("emailReservations", reservations(subjectId, account.map(PoolAccount::userName).orElse(null),
                addresses));
        document.set("cognito", account.<JsonNode>map(DataExport::cognito).orElse(NODES.nullNode()));

        Instant deadline = now.plus(settings.timeBudget());
        for (ExportSection section : ExportSection.values()) {
            document.set(section.wireName(), section(subjectId, section, null, deadline));
        }
        return document;
    }

    /**
     * A following page of one section of {@code subjectId}'s export.
     *
     * @throws dev.userbase.core.error.InvalidInputException (field {@code cursor}) the cursor was not
     *     issued for this section of this user's export
     */
    public ObjectNode next(String subjectId, ExportSection section, String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        Instant now = clock.instant();
        ObjectNode document = header(subjectId, now);
        document.put("section", section.wireName());
        ObjectNode page = section(subjectId, section, cursor, now.plus(settings.timeBudget()));
        document.setAll(page);
        return document;
    }

    private static ObjectNode header(String subjectId, Instant now) {
        ObjectNode document = NODES.objectNode();
        document.put("format", FORMAT);
        document.put("userId", subjectId);
        document.put("exportedAt", Timestamps.format(now));
        return document;
    }

    private static final String ERASED_REQUESTER = "This account is being erased and can no longer act";

    private void audit(Caller requester, String subjectId, String requestId, Instant now) {
        String eventId = UUID.nameUUIDFromBytes(("export|" + subjectId + "|" + requestId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        String summary = requester.userId().equals(subjectId) ? "exported by the user" : "exported by an administrator";
        AuditEntry entry = new AuditEntry(subjectId, now, eventId, AUDIT_ACTION, requester.userId(), List.of(), summary);
        trail.record(entry);
        if (!requester.userId().equals(subjectId) && requesterErased(requester.userId())) {
            // the entry (and its link) came too late for the erasure of its actor to find it: it goes, and so does the export
            trail.withdraw(entry);
            users.delete(ExportAllowance.key(requester.userId()), null);
            throw new ForbiddenException(ERASED_REQUESTER);
        }
        if (erasures.trailMoving(subjectId)) {
            // the subject's erasure moved their trail after their profile was read here: the entry would be
            // left under their id (the cascade marks the account before it reads the trail)
            trail.withdraw(entry);
            throw new NotFoundException("No such user");
        }
    }

    /**
     * Checked after the entry and its link are written (the order {@link AuditTrail} relies on): the
     * administrator's profile is being erased, or is gone with their Cognito user (a token outliving
     * the erasure).
     */
    private boolean requesterErased(String requesterId) {
        Optional<Profiles.Erasing> profile = profiles.findForErasure(requesterId);
        return profile.isPresent() ? profile.get().stripped() : userPool.findBySub(requesterId).isEmpty();
    }

    // ---- the bounded parts ------------------------------------------------------------------------

    /** Every item of {@code USER#<id>} except follow edges: profile, preferences, tokens, bookkeeping. */
    private List<Map<String, AttributeValue>> partitionItems(String userId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        // the user's items before and after their follow edges (those are paged in their own section)
        KeyCondition user = KeyCondition.partition(UsersTable.PK, Keys.userPk(userId));
        for (KeyCondition range : List.of(user.sortLt(UsersTable.SK, Attributes.s(FOLLOWS_START)),
                KeyCondition.partition(UsersTable.PK, Keys.userPk(userId)).sortGe(UsersTable.SK, Attributes.s(AFTER_FOLLOWS)))) {
            users.queryAll(Query.of(range)).forEach(items::add);
        }
        return items;
    }

    private static ObjectNode preferences(UserPreferences preferences) {
        ObjectNode node = NODES.objectNode();
        node.put("version", preferences.version());
        if (preferences.updatedAt() != null) {
            node.put("updatedAt", Timestamps.format(preferences.updatedAt()));
        }
        try {
            node.set("values", JSON.readTree(preferences.json()));
        } catch (JsonProcessingException e) {
            node.put("raw", preferences.json()); // stored as written; never lose it from an export
        }
        return node;
    }

    /** What became of a requested email change whose token is still held (until its TTL). */
    enum EmailChangeState {
        /** Not used, not expired, and still the profile's pending address: its confirmation would complete it. */
        PENDING,
        /** Confirmed with this token ({@code consumedAt}). */
        CONFIRMED,
        /** A later request replaced it, or the profile no longer waits for it. */
        SUPERSEDED,
        /** Past its expiry, not used. */
        EXPIRED;

        static EmailChangeState of(ChangeToken token, Instant consumedAt, UserProfile profile, Instant now) {
            if (consumedAt != null) {
                return CONFIRMED;
            }
            if (token.isExpiredAt(now)) {
                return EXPIRED;
            }
            return Objects.equals(token.newEmail(), profile.pendingEmail()) ? PENDING : SUPERSEDED;
        }
    }

    /** A requested email change: its metadata and what became of it, never the token or its hash. */
    private static ObjectNode emailChange(ChangeToken token, Instant consumedAt, UserProfile profile, Instant now) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", token.kind().name());
        node.put("state", EmailChangeState.of(token, consumedAt, profile, now).name());
        putIfPresent(node, "consumedAt", consumedAt);
        putIfPresent(node, "newEmail", token.newEmail());
        putIfPresent(node, "createdAt", token.createdAt());
        putIfPresent(node, "expiresAt", token.expiresAt());
        return node;
    }

    private ArrayNode reservations(String userId, String userName, Set<String> addresses) {
        ArrayNode array = NODES.arrayNode();
        Set<String> normalised = new LinkedHashSet<>();
        for (String address : addresses) {
            try {
                normalised.add(EmailAddress.normalise(address));
            } catch (InvalidEmailException e) {
                // an address that was stored cannot be a reservation's key unless it normalises
            }
        }
        for (String email : normalised) {
            Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(table).key(EmailReservation.key(email)).consistentRead(true).build()).item();
            if (item == null || item.isEmpty()) {
                continue;
            }
            EmailReservation reservation = EmailReservation.fromItem(item);
            if (userId.equals(reservation.userId()) || (userName != null && userName.equals(reservation.userName()))) {
                array.add(ItemJson.of(item));
            }
        }
        return array;
    }

    private Optional<PoolAccount> poolAccount(String subjectId, String cognitoUserName) {
        String userName = cognitoUserName;
        if (userName == null) {
            userName = userPool.findBySub(subjectId).map(u -> u.userName()).orElse(null);
        }
        return userName == null ? Optional.empty() : userPool.describe(userName);
    }

    private static ObjectNode cognito(PoolAccount account) {
        ObjectNode node = NODES.objectNode();
        node.put("userName", account.userName());
        node.put("enabled", account.enabled());
        putIfPresent(node, "status", account.status());
        ObjectNode attributes = node.putObject("attributes");
        account.attributes().forEach(attributes::put);
        ArrayNode groups = node.putArray("groups");
        account.groups().forEach(groups::add);
        return node;
    }

    // ---- the paged sections -----------------------------------------------------------------------

    private ObjectNode section(String userId, ExportSection section, String cursor, Instant deadline) {
        return switch (section) {
            case FOLLOWING -> page(users.request(Query.of(KeyCondition.partition(UsersTable.PK, Keys.userPk(userId))
                            .sortBeginsWith(UsersTable.SK, Keys.FOLLOWS_PREFIX))
                            .project(Projection.of(UsersTable.PK, UsersTable.SK, FollowEdge.FOLLOWEE_ID, FollowEdge.CREATED_AT))), TABLE_KEY, binding(userId, section), cursor, settings.followPageSize(), deadline,
                    item -> follow(item, FollowEdge.FOLLOWEE_ID));
            case FOLLOWERS -> page(users.request(Query.of(KeyCondition.partition(UsersTable.FOLLOWERS_PK,
                                    FollowEdge.followersPartitionKey(userId)))
                            .onIndex(UsersTable.FOLLOWERS_INDEX)
                            .project(Projection.of(UsersTable.PK, UsersTable.SK, UsersTable.FOLLOWERS_PK,
                                    UsersTable.FOLLOWERS_SK, FollowEdge.FOLLOWER_ID, FollowEdge.CREATED_AT))), FOLLOWERS_KEY, binding(userId, section), cursor, settings.followPageSize(), deadline,
                    item -> follow(item, FollowEdge.FOLLOWER_ID));
            case AUDIT -> page(users.request(Query.of(KeyCondition.partition(UsersTable.PK, AuditEntry.partitionKey(userId)))), TABLE_KEY, binding(userId, section), cursor, settings.auditPageSize(), deadline,
                    DataExport::auditEntry);
        };
    }

    static String binding(String userId, ExportSection section) {
        return "export|" + section.wireName() + "|" + userId;
    }

    /**
     * Up to {@code pageSize} items from where {@code cursor} left off, reading on past DynamoDB's
     * 1 MB pages until the page is full, the items end, or {@code deadline} passes (then the page is
     * shorter and its cursor continues where reading stopped).
     */
    private ObjectNode page(QueryRequest query, Set<String> keyAttributes, String binding, String cursor, int pageSize,
            Instant deadline, Function<Map<String, AttributeValue>, JsonNode> view) {
        Map<String, AttributeValue> start = cursor == null ? null : cursors.decode(binding, cursor, keyAttributes);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> stoppedAt = start;
        boolean more;
        do {
            QueryRequest.Builder request = query.toBuilder().limit(pageSize + 1 - items.size());
            if (stoppedAt != null) {
                request.exclusiveStartKey(stoppedAt);
            }
            QueryResponse response = dynamoDb.query(request.build());
            items.addAll(response.items());
            more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            stoppedAt = more ? response.lastEvaluatedKey() : null;
        } while (more && items.size() <= pageSize && clock.instant().isBefore(deadline));
        String next = null;
        if (items.size() > pageSize) {
            items = items.subList(0, pageSize);
            next = cursors.encode(binding, keyOf(items.get(pageSize - 1), keyAttributes));
        } else if (more) {
            next = cursors.encode(binding, stoppedAt);
        }
        ObjectNode node = NODES.objectNode();
        ArrayNode array = node.putArray("items");
        items.forEach(item -> array.add(view.apply(item)));
        if (next == null) {
            node.putNull("next");
        } else {
            node.put("next", next);
        }
        return node;
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, Set<String> keyAttributes) {
        Map<String, AttributeValue> key = new HashMap<>();
        keyAttributes.forEach(attribute -> key.put(attribute, item.get(attribute)));
        return key;
    }

    private static JsonNode follow(Map<String, AttributeValue> item, String otherAttribute) {
        ObjectNode node = NODES.objectNode();
        node.put("userId", Attributes.string(item, otherAttribute));
        putIfPresent(node, "since", Attributes.instant(item, FollowEdge.CREATED_AT));
        return node;
    }

    private static JsonNode auditEntry(Map<String, AttributeValue> item) {
        AuditEntry entry = AuditEntry.fromItem(item);
        ObjectNode node = NODES.objectNode();
        node.put("occurredAt", Timestamps.format(entry.occurredAt()));
        node.put("eventId", entry.eventId());
        node.put("action", entry.action());
        putIfPresent(node, "actor", entry.actor());
        ArrayNode fields = node.putArray("changedFields");
        entry.changedFields().forEach(fields::add);
        putIfPresent(node, "summary", entry.summary());
        return node;
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }
}
