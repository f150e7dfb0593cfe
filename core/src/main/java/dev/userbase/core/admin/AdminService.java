package dev.userbase.core.admin;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.userbase.core.access.Caller;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ErasureRequest;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.paging.Page;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.paging.PagedQuery;
import dev.userbase.core.profile.ProfileService;
import dev.userbase.core.profile.StatusChange;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.userpool.AccountLifecycle;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * What administrators do to other users: list them by status, change their status (and the
 * Cognito side of it), assign and remove roles, read their audit trail.
 *
 * <p>Status changes write the profile first, then set the matching Cognito state
 * ({@link AccountLifecycle}).
 */
public final class AdminService {

    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    public static final int MAX_REASON_LENGTH = 500;

    static final Set<String> STATUS_KEY = Set.of(UsersTable.PK, UsersTable.SK, UsersTable.STATUS_PK, UsersTable.STATUS_SK);
    static final Set<String> AUDIT_KEY = Set.of(UsersTable.PK, UsersTable.SK);

    private final Table table;
    private final Profiles store;
    private final ErasureRequests tombstones;
    private final Clock clock;
    private final PagedQuery pages;
    private final ProfileService profiles;
    private final AccountLifecycle lifecycle;

    public AdminService(DynamoDbClient dynamoDb, String table, Clock clock, PagedQuery pages, ProfileService profiles,
            UserPool userPool) {
        this.table = new Table(dynamoDb, table);
        this.store = new Profiles(this.table);
        this.tombstones = new ErasureRequests(this.table);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.lifecycle = new AccountLifecycle(userPool);
    }

    /** Users with {@code status}, newest first. */
    public Page<AdminUserSummary> list(UserStatus status, PageRequest page) {
        QueryRequest query = table.request(Query.of(
                        KeyCondition.partition(UsersTable.STATUS_PK, UserProfile.statusPartitionKey(status)))
                .onIndex(UsersTable.STATUS_INDEX)
                .descending());
        return pages.page(query, "status|" + status.name(), STATUS_KEY, page).map(AdminUserSummary::fromItem);
    }

    /**
     * Sets {@code userId}'s status with a reason, then brings Cognito in line (see the class comment).
     *
     * @throws InvalidInputException an administrator changing their own status (they could lock themselves out)
     * @throws ConflictException the account is being erased, or is in its grace period after its user
     *     deleted it and the status asked for is not DELETED (restoring is the way back)
     * @throws dev.userbase.core.error.UserServiceException ({@code UNAVAILABLE}) the profile was changed but Cognito could not be
     *     updated yet; repeating the request finishes it
     */
    public StatusChange setStatus(Caller admin, String userId, UserStatus status, String reason, ChangeContext context) {
        return setStatus(admin, userId, status, reason, VersionCondition.none(), context);
    }

    /**
     * As above, only if the profile's version satisfies {@code condition} ({@code If-Match}).
     *
     * @throws dev.userbase.core.error.PreconditionFailedException the version does not match (412)
     */
    public StatusChange setStatus(Caller admin, String userId, UserStatus status, String reason,
            VersionCondition condition, ChangeContext context) {
        if (admin.userId().equals(userId)) {
            throw InvalidInputException.forField("id", "Administrators cannot change their own status");
        }
        Optional<ErasureRequest> tombstone = tombstones.find(userId);
        requireNotErasing(tombstone);
        if (tombstone.isPresent() && status != UserStatus.DELETED) {
            // the tombstone's TTL would erase the account whatever its status: restoring withdraws it
            throw new ConflictException("This account was deleted by its user and is in its grace period; "
                    + "restore it with POST /users/" + userId + "/restore instead");
        }
        StatusChange change = profiles.changeStatus(userId, status, reason, Set.of(UserStatus.values()), condition,
                context);
        lifecycle.applyBySub(userId, status);
        return change;
    }

    /** Adds {@code role} to the user's roles (a set: assigning twice changes nothing). */
    public RoleChange assignRole(String userId, String role, ChangeContext context) {
        requireRole(role);
        requireNotErasing(tombstones.find(userId));
        return roleChange(userId, store.addRole(userId, role, clock.instant(), context));
    }

    /** Removes {@code role} from the user's roles (removing an absent role changes nothing). */
    public RoleChange removeRole(String userId, String role, ChangeContext context) {
        requireRole(role);
        requireNotErasing(tombstones.find(userId));
        return roleChange(userId, store.removeRole(userId, role, clock.instant(), context));
    }

    /** The user's audit trail, newest first. Entries are written by the stream pipeline. */
    public Page<AuditEntry> audit(String userId, PageRequest page) {
        QueryRequest query = table.request(Query.of(KeyCondition.partition(UsersTable.PK, AuditEntry.partitionKey(userId)))
                .eventuallyConsistent()
                .descending());
        return pages.page(query, "audit|" + userId, AUDIT_KEY, page).map(AuditEntry::fromItem);
    }

    /** @throws ConflictException the account is being erased: a change now would be erased with it */
    private static void requireNotErasing(Optional<ErasureRequest> tombstone) {
        if (tombstone.isPresent() && tombstone.get().state() == ErasureRequest.State.ERASING) {
            throw new ConflictException("This account is being erased; it can no longer be changed");
        }
    }

    private static RoleChange roleChange(String userId, Optional<Profiles.Roles> written) {
        Profiles.Roles roles = written.orElseThrow(() -> new NotFoundException("No such user"));
        return new RoleChange(userId, roles.roles(), roles.changed());
    }

    /** @throws InvalidInputException (field {@code role}) not a role name */
    public static void requireRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw InvalidInputException.forField("role",
                    "A role is 1 to 32 characters: a lower-case letter, then lower-case letters, digits, '-' or '_'");
        }
    }
}
