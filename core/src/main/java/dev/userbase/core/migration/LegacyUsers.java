package dev.userbase.core.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads of the legacy users table (and, for the local stack's {@code legacy-add}, one write). An
 * email is looked up on the {@code email-index} GSI as entered and then lower-cased (a legacy table
 * may hold either), and the row is then read by {@code userId}, strongly consistent, because a
 * GSI is eventually consistent and may project only keys.
 */
public final class LegacyUsers {

    /** What an email address finds: nobody, one row, or several (the legacy table never enforced uniqueness). */
    public sealed interface Lookup {
        record None() implements Lookup { }
        record One(LegacyUser user) implements Lookup { }
        record Ambiguous(int rows) implements Lookup { }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String emailIndex;
    private final Table users;

    public LegacyUsers(DynamoDbClient dynamoDb, MigrationSettings settings) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(settings.legacyUsersTable(), "legacy users table");
        this.emailIndex = settings.emailIndex();
        this.users = new Table(dynamoDb, table);
    }

    public Lookup findByEmail(String email) {
        String entered = email.strip();
        Set<String> ids = idsOf(entered);
        String lower = entered.toLowerCase(Locale.ROOT);
        if (ids.isEmpty() && !lower.equals(entered)) {
            ids = idsOf(lower);
        }
        List<LegacyUser> users = new ArrayList<>();
        for (String id : ids) {
            find(id).filter(user -> user.email() != null && user.email().strip().equalsIgnoreCase(entered))
                    .ifPresent(users::add);
        }
        return switch (users.size()) {
            case 0 -> new Lookup.None();
            case 1 -> new Lookup.One(users.get(0));
            default -> new Lookup.Ambiguous(users.size());
        };
    }

    public Optional<LegacyUser> find(String userId) {
        return users.get(Map.of(LegacyUsersTable.USER_ID, Attributes.s(userId)), LegacyUser::fromItem);
    }

    /** Every row, page by page (the bulk CSV path only: never called by the trigger). */
    public Iterable<LegacyUser> all() {
        return () -> dynamoDb.scanPaginator(ScanRequest.builder().tableName(table).build()).items().stream()
                .map(LegacyUser::fromItem).iterator();
    }

    /** Writes a legacy row as the legacy system would have (the local stack's {@code legacy-add}). */
    public void put(LegacyUser user, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LegacyUsersTable.USER_ID, Attributes.s(user.userId()));
        Attributes.putIfPresent(item, LegacyUsersTable.EMAIL, user.email());
        Attributes.putIfPresent(item, LegacyUsersTable.PASSWORD_HASH, user.passwordHash());
        Attributes.putIfPresent(item, LegacyUsersTable.NAME, user.name());
        item.put(LegacyUsersTable.CREATED_AT, Attributes.time(now));
        item.put(LegacyUsersTable.UPDATED_AT, Attributes.time(now));
        if (user.disabled()) {
            item.put(LegacyUsersTable.DISABLED, Attributes.bool(true));
        }
        users.put(item);
    }

    private Set<String> idsOf(String email) {
        // three are enough to tell one from several
        List<Map<String, AttributeValue>> items = users.query(Query.of(KeyCondition.partition(LegacyUsersTable.EMAIL, email))
                .onIndex(emailIndex)
                .limit(3)).items();
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, AttributeValue> item : items) {
            String id = Attributes.string(item, LegacyUsersTable.USER_ID);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }
}
