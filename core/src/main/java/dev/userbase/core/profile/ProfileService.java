package dev.userbase.core.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.access.Caller;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.PreconditionFailedException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Profiles: the caller's own (created on first read if sign-up could not), edits with optimistic
 * concurrency, status changes (soft delete, admin suspension) and the reads behind the public and
 * private views. Follower counts are never written here: the stream pipeline owns them.
 */
public final class ProfileService {

    private static final RetryPolicy ROUNDS = RetryPolicy.optimisticRounds();
    static final String DELETED_BY_USER = "Deleted by the user";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final ProfileProvisioning provisioning;
    private final PendingEmailSync emailSync;

    public ProfileService(DynamoDbClient dynamoDb, String table, Clock clock, ProfileProvisioning provisioning,
            PendingEmailSync emailSync) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.emailSync = Objects.requireNonNull(emailSync, "emailSync");
    }

    /**
     * The caller's profile. If it is missing (PostConfirmation failed after Cognito confirmed the
     * user), it is created from the token's claims now, so no signed-up user is stuck with a 404.
     */
    public UserProfile me(Caller caller, ChangeContext context) {
        Map<String, AttributeValue> item = getItem(UserProfile.key(caller.userId()), true);
        if (item == null) {
            return provision(caller, context);
        }
        return emailSync.completeIfPending(caller, UserProfile.fromItem(item), item, context);
    }

    /**
     * The caller's profile, which must be ACTIVE: a SUSPENDED or DELETED user cannot change anything.
     *
     * @throws ForbiddenException the caller is not ACTIVE
     */
    public UserProfile requireActive(Caller caller, ChangeContext context) {
        UserProfile profile = findOrProvision(caller, context);
        requireActive(profile);
        return profile;
    }

    /** The caller's profile, created from the token's claims if it is missing; any status. */
    public UserProfile findOrProvision(Caller caller, ChangeContext context) {
        Map<String, AttributeValue> item = getItem(UserProfile.key(caller.userId()), true);
        return item == null ? provision(caller, context) : UserProfile.fromItem(item);
    }

    public static void requireActive(UserProfile profile) {
        switch (profile.status()) {
            case ACTIVE -> { }
            case SUSPENDED -> throw new ForbiddenException("This account is suspended and cannot make changes");
            case DELETED -> throw new ForbiddenException("This account has been deleted and cannot make changes");
            default -> throw new IllegalStateException("unknown status " + profile.status());
        }
    }

    /** A profile, read strongly consistent. */
    public Optional<UserProfile> find(String userId) {
        return Optional.ofNullable(getItem(UserProfile.key(userId), true)).map(UserProfile::fromItem);
    }

    /** A profile for a public view: an eventually consistent read is enough (and costs half). */
    public Optional<UserProfile> findForDisplay(String userId) {
        return Optional.ofNullable(getItem(UserProfile.key(userId), false)).map(UserProfile::fromItem);
    }

    /** A profile and its preferences in one query ({@code PREFERENCES} and {@code PROFILE} are adjacent sort keys). */
    public Optional<ProfileDetails> findWithPreferences(String userId) {
        List<Map<String, AttributeValue>> items = dynamoDb.query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :preferences AND :profile")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#sk", UsersTable.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", Attributes.s(Keys.userPk(userId)),
                        ":preferences", Attributes.s(Keys.PREFERENCES_SK),
                        ":profile", Attributes.s(Keys.PROFILE_SK)))
                .consistentRead(true)
                .build()).items();
        UserProfile profile = null;
        UserPreferences preferences = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = Attributes.string(item, UsersTable.SK);
            if (Keys.PROFILE_SK.equals(sk)) {
                profile = UserProfile.fromItem(item);
            } else if (Keys.PREFERENCES_SK.equals(sk)) {
                preferences = UserPreferences.fromItem(item);
            }
        }
        return profile == null ? Optional.empty() : Optional.of(new ProfileDetails(profile, Optional.ofNullable(preferences)));
    }

    /**
     * Applies an edit of the caller's own profile: only the named fields are written, the version
     * grows by one, and the search index keys follow the display name.
     *
     * @throws PreconditionFailedException {@code condition} does not admit the current version
     * @throws ForbiddenException the caller is not ACTIVE
     */
    public UserProfile update(String userId, ProfileUpdate update, VersionCondition condition, ChangeContext context) {
        ItemUpdate item = new ItemUpdate(table, UserProfile.key(userId))
                .increment(UserProfile.VERSION)
                .set(UserProfile.UPDATED_AT, Attributes.time(clock.instant()))
                .stamp(context);
        update.changes().forEach((field, value) -> {
            if (value.isPresent()) {
                item.set(field, value.get());
            } else {
                item.remove(field);
            }
        });
        if (update.changes().containsKey(UserProfile.DISPLAY_NAME)) {
            // the condition below guarantees ACTIVE, the only status with search keys
            Optional<Map<String, AttributeValue>> searchKeys = UserProfile.searchIndexKeys(
                    userId, update.changes().get(UserProfile.DISPLAY_NAME).orElse(null), UserStatus.ACTIVE);
            if (searchKeys.isPresent()) {
                searchKeys.get().forEach(item::set);
            } else {
                item.remove(UsersTable.SEARCH_PK).remove(UsersTable.SEARCH_SK);
            }
        }
        item.condition("attribute_exists(" + item.name(UsersTable.PK) + ")");
        item.condition(item.name(UserProfile.STATUS) + " = " + item.value("active", Attributes.s(UserStatus.ACTIVE.name())));
        addVersionCondition(item, condition);
        try {
            return UserProfile.fromItem(dynamoDb.updateItem(item.request(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            if (old.isEmpty()) {
                throw new NotFoundException("No profile exists for this user");
            }
            UserProfile current = UserProfile.fromItem(old);
            if (isOwnRetriedWrite(old, current.version(), condition, context)
                    && update.changes().entrySet().stream().allMatch(change ->
                            Objects.equals(Attributes.string(old, change.getKey()), change.getValue().orElse(null)))) {
                return current;
            }
            requireActive(current);
            throw stale(current.version());
        }
    }

    /**
     * True if the item that failed a write's version condition is that very write: stamped by this
     * request, one version past what the request required. The SDK retries a write whose answer was
     * lost (a 500 from DynamoDB after it committed); the retry meets the version the first attempt
     * made, and must not turn the caller's success into a 412. The caller checks that the item also
     * holds the written values.
     */
    static boolean isOwnRetriedWrite(Map<String, AttributeValue> old, long version, VersionCondition condition,
            ChangeContext context) {
        return condition.kind() == VersionCondition.Kind.ONE_OF && version > 0 && condition.admits(version - 1)
                && context.equals(ChangeContext.of(old));
    }

    /**
     * Sets a user's status (and reason), keeping the status and search index keys in step with it.
     * Conditional on the version read, retried if another change came first.
     *
     * @param allowedFrom the statuses the user may be in for this change (else 403)
     * @throws NotFoundException there is no such profile
     */
    public StatusChange changeStatus(String userId, UserStatus target, String reason, Set<UserStatus> allowedFrom,
            ChangeContext context) {
        return changeStatus(userId, target, reason, allowedFrom, context, null);
    }

    /** As above; {@code known} (may be null) is the profile just read, used for the first attempt. */
    private StatusChange changeStatus(String userId, UserStatus target, String reason, Set<UserStatus> allowedFrom,
            ChangeContext context, UserProfile known) {
        Instant start = ROUNDS.start();
        for (int attempt = 1; ; attempt++) {
            UserProfile current = attempt == 1 && known != null ? known
                    : find(userId).orElseThrow(() -> new NotFoundException("No such user"));
            if (!allowedFrom.contains(current.status())) {
                requireActive(current);
            }
            if (current.status() == target && Objects.equals(current.statusReason(), reason)) {
                return new StatusChange(current, current.status(), false);
            }
            ItemUpdate item = new ItemUpdate(table, current.key())
                    .set(UserProfile.STATUS, target.name())
                    .set(UserProfile.STATUS_REASON, reason)
                    .increment(UserProfile.VERSION)
                    .set(UserProfile.UPDATED_AT, Attributes.time(clock.instant()))
                    .set(UsersTable.STATUS_PK, UserProfile.statusPartitionKey(target))
                    .stamp(context);
            Optional<Map<String, AttributeValue>> searchKeys =
                    UserProfile.searchIndexKeys(userId, current.displayName(), target);
            if (searchKeys.isPresent()) {
                searchKeys.get().forEach(item::set);
            } else {
                item.remove(UsersTable.SEARCH_PK).remove(UsersTable.SEARCH_SK);
            }
            item.condition(item.name(UserProfile.VERSION) + " = " + item.value("expected", Attributes.n(current.version())));
            try {
                UserProfile updated = UserProfile.fromItem(dynamoDb.updateItem(item.request(ReturnValue.ALL_NEW)).attributes());
                return new StatusChange(updated, current.status(), true);
            } catch (ConditionalCheckFailedException e) {
                // changed since we read it: read again and decide again
            }
            if (!ROUNDS.pauseBefore(attempt + 1, start)) {
                throw new UserServiceException(ErrorKind.UNAVAILABLE, "The profile kept changing; please try again");
            }
        }
    }

    /**
     * Soft delete by the user, from their profile as just read: status DELETED, hidden from search
     * and public reads. Repeating it (to finish a deletion whose Cognito step failed) writes nothing,
     * whoever deleted the account.
     */
    public StatusChange deleteOwn(UserProfile current, ChangeContext context) {
        if (current.status() == UserStatus.DELETED) {
            return new StatusChange(current, current.status(), false);
        }
        return changeStatus(current.userId(), UserStatus.DELETED, DELETED_BY_USER, Set.of(UserStatus.ACTIVE), context,
                current);
    }

    static void addVersionCondition(ItemUpdate item, VersionCondition condition) {
        switch (condition.kind()) {
            case NONE -> { }
            case EXISTS -> item.condition("attribute_exists(" + item.name(UsersTable.PK) + ")");
            case ONE_OF -> {
                List<Long> versions = condition.versions().stream().sorted().toList();
                List<String> placeholders = new java.util.ArrayList<>();
                for (int i = 0; i < versions.size(); i++) {
                    placeholders.add(item.value("version" + i, Attributes.n(versions.get(i))));
                }
                String version = item.name(UserProfile.VERSION);
                String clause = version + " IN (" + String.join(", ", placeholders) + ")";
                item.condition(condition.versions().contains(0L)
                        ? "attribute_not_exists(" + item.name(UsersTable.PK) + ") OR " + clause : clause);
            }
            default -> throw new IllegalStateException();
        }
    }

    static PreconditionFailedException stale(long currentVersion) {
        return new PreconditionFailedException("The item has changed since you read it (it is now at version "
                + currentVersion + "); read it again and retry");
    }

    private UserProfile provision(Caller caller, ChangeContext context) {
        return provisioning.provision(new NewUser(caller.userName(), caller.userId(), caller.email(),
                caller.givenName(), caller.familyName()), context);
    }

    private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key, boolean consistent) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table).key(key).consistentRead(consistent).build()).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
