package dev.userbase.core.model;

import static dev.userbase.core.model.Attributes.putIfPresent;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.table.UsersTable;
import dev.userbase.core.text.SearchText;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's profile: {@code USER#<sub>} / {@code PROFILE}. {@code userId} is the Cognito {@code sub}.
 *
 * <p>{@code version} starts at 1 and grows with every change a person makes (it is the API's ETag);
 * follower counts are maintained by the stream pipeline and do not change it.
 * The item carries the keys of the sparse search index only while the user is ACTIVE and has a
 * display name, and the keys of the status index always.
 *
 * <p>{@code emailSyncFrom} is bookkeeping, never shown: the previous address of an email change
 * that is committed but whose Cognito step has not finished ({@link #EMAIL_SYNC_FROM}); null when
 * no change is half done. It is here so that no service has to read the stored item itself.
 */
public record UserProfile(
        String userId,
        String email,
        String givenName,
        String familyName,
        String displayName,
        String avatarUrl,
        UserStatus status,
        String statusReason,
        Set<String> roles,
        long followerCount,
        long followingCount,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String stripeCustomerId,
        String revenueCatId,
        Instant passwordChangedAt,
        String pendingEmail,
        String emailSyncFrom,
        String legacyUserId,
        Instant lastSignInAt,
        long signInCount) {

    public static final String USER_ID = "userId";
    public static final String EMAIL = "email";
    public static final String GIVEN_NAME = "givenName";
    public static final String FAMILY_NAME = "familyName";
    public static final String DISPLAY_NAME = "displayName";
    public static final String AVATAR_URL = "avatarUrl";
    public static final String STATUS = "status";
    public static final String STATUS_REASON = "statusReason";
    /** Bookkeeping: on a profile being erased (stripped of personal data; {@code ErasureCascade}). */
    public static final String ERASING = "erasing";
    public static final String ROLES = "roles";
    public static final String FOLLOWER_COUNT = "followerCount";
    public static final String FOLLOWING_COUNT = "followingCount";
    /**
     * Bookkeeping of an email change between its commit and its Cognito step: the previous
     * address, still guarded for the user (docs/ARCHITECTURE.md, "Email change").
     */
    public static final String EMAIL_SYNC_FROM = "emailSyncFrom";
    /**
     * How many counter writes were applied to the profile (the follow-counter pipeline, the fold of
     * parked counts, a reconcile correction): each adds 1. Bookkeeping, never shown; the reconcile
     * job conditions its correction on it (docs/ARCHITECTURE.md, "Reconcile").
     */
    public static final String COUNT_WRITES = "countWrites";
    public static final String VERSION = "version";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String STRIPE_CUSTOMER_ID = "stripeCustomerId";
    public static final String REVENUECAT_ID = "revenueCatId";
    public static final String PASSWORD_CHANGED_AT = "passwordChangedAt";
    public static final String PENDING_EMAIL = "pendingEmail";
    /** The legacy users table's {@code userId} of a user migrated by the UserMigration trigger. */
    public static final String LEGACY_USER_ID = "legacyUserId";
    /** Set by the PostAuthentication trigger, at most once per interval (see {@code SignInRecorder}). */
    public static final String LAST_SIGN_IN_AT = "lastSignInAt";
    public static final String SIGN_IN_COUNT = "signInCount";

    public UserProfile {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), Keys.PROFILE_SK);
    }

    public Map<String, AttributeValue> key() {
        return key(userId);
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    /** The search-index keys this profile should carry, if it is searchable. */
    public Optional<Map<String, AttributeValue>> searchIndexKeys() {
        return searchIndexKeys(userId, displayName, status);
    }

    public static Optional<Map<String, AttributeValue>> searchIndexKeys(String userId, String displayName, UserStatus status) {
        if (status != UserStatus.ACTIVE || displayName == null) {
            return Optional.empty();
        }
        String folded = SearchText.fold(displayName);
        if (folded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Map.of(
                UsersTable.SEARCH_PK, AttributeValue.fromS(searchPartitionKey(SearchText.partitionOf(folded))),
                UsersTable.SEARCH_SK, AttributeValue.fromS(folded + "#" + userId)));
    }

    public static String searchPartitionKey(String partition) {
        return "NAME#" + partition;
    }

    public static Map<String, AttributeValue> statusIndexKeys(String userId, UserStatus status, Instant createdAt) {
        return Map.of(
                UsersTable.STATUS_PK, AttributeValue.fromS(statusPartitionKey(status)),
                UsersTable.STATUS_SK, AttributeValue.fromS(Timestamps.format(createdAt) + "#" + userId));
    }

    public static String statusPartitionKey(UserStatus status) {
        return "STATUS#" + status.name();
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(USER_ID, Attributes.s(userId));
        putIfPresent(item, EMAIL, email);
        putIfPresent(item, GIVEN_NAME, givenName);
        putIfPresent(item, FAMILY_NAME, familyName);
        putIfPresent(item, DISPLAY_NAME, displayName);
        putIfPresent(item, AVATAR_URL, avatarUrl);
        item.put(STATUS, Attributes.s(status.name()));
        putIfPresent(item, STATUS_REASON, statusReason);
        if (!roles.isEmpty()) {
            item.put(ROLES, Attributes.ss(roles));
        }
        item.put(FOLLOWER_COUNT, Attributes.n(followerCount));
        item.put(FOLLOWING_COUNT, Attributes.n(followingCount));
        item.put(VERSION, Attributes.n(version));
        Objects.requireNonNull(createdAt, "createdAt");
        item.put(CREATED_AT, Attributes.time(createdAt));
        item.put(UPDATED_AT, Attributes.time(updatedAt == null ? createdAt : updatedAt));
        putIfPresent(item, STRIPE_CUSTOMER_ID, stripeCustomerId);
        putIfPresent(item, REVENUECAT_ID, revenueCatId);
        putIfPresent(item, PASSWORD_CHANGED_AT, passwordChangedAt);
        putIfPresent(item, PENDING_EMAIL, pendingEmail);
        putIfPresent(item, EMAIL_SYNC_FROM, emailSyncFrom);
        putIfPresent(item, LEGACY_USER_ID, legacyUserId);
        putIfPresent(item, LAST_SIGN_IN_AT, lastSignInAt);
        if (signInCount > 0) {
            item.put(SIGN_IN_COUNT, Attributes.n(signInCount));
        }
        searchIndexKeys().ifPresent(item::putAll);
        item.putAll(statusIndexKeys(userId, status, createdAt));
        return item;
    }

    public static UserProfile fromItem(Map<String, AttributeValue> item) {
        UserStatus parsedStatus = Attributes.requiredEnum(item, STATUS, UserStatus.class);
        return builder()
                .userId(Attributes.requiredString(item, USER_ID))
                .email(Attributes.string(item, EMAIL))
                .givenName(Attributes.string(item, GIVEN_NAME))
                .familyName(Attributes.string(item, FAMILY_NAME))
                .displayName(Attributes.string(item, DISPLAY_NAME))
                .avatarUrl(Attributes.string(item, AVATAR_URL))
                .status(parsedStatus)
                .statusReason(Attributes.string(item, STATUS_REASON))
                .roles(Attributes.stringSet(item, ROLES))
                .followerCount(Attributes.number(item, FOLLOWER_COUNT, 0))
                .followingCount(Attributes.number(item, FOLLOWING_COUNT, 0))
                .version(Attributes.number(item, VERSION, 1))
                .createdAt(Attributes.instant(item, CREATED_AT))
                .updatedAt(Attributes.instant(item, UPDATED_AT))
                .stripeCustomerId(Attributes.string(item, STRIPE_CUSTOMER_ID))
                .revenueCatId(Attributes.string(item, REVENUECAT_ID))
                .passwordChangedAt(Attributes.instant(item, PASSWORD_CHANGED_AT))
                .pendingEmail(Attributes.string(item, PENDING_EMAIL))
                .emailSyncFrom(Attributes.string(item, EMAIL_SYNC_FROM))
                .legacyUserId(Attributes.string(item, LEGACY_USER_ID))
                .lastSignInAt(Attributes.instant(item, LAST_SIGN_IN_AT))
                .signInCount(Attributes.number(item, SIGN_IN_COUNT, 0))
                .build();
    }

    /** Builder for {@link UserProfile}; a new profile is ACTIVE, version 1, with no roles and zero counts. */
    public static final class Builder {
        private String userId;
        private String email;
        private String givenName;
        private String familyName;
        private String displayName;
        private String avatarUrl;
        private UserStatus status = UserStatus.ACTIVE;
        private String statusReason;
        private Set<String> roles = Set.of();
        private long followerCount;
        private long followingCount;
        private long version = 1;
        private Instant createdAt;
        private Instant updatedAt;
        private String stripeCustomerId;
        private String revenueCatId;
        private Instant passwordChangedAt;
        private String pendingEmail;
        private String emailSyncFrom;
        private String legacyUserId;
        private Instant lastSignInAt;
        private long signInCount;

        private Builder() {
        }

        private Builder(UserProfile p) {
            userId = p.userId;
            email = p.email;
            givenName = p.givenName;
            familyName = p.familyName;
            displayName = p.displayName;
            avatarUrl = p.avatarUrl;
            status = p.status;
            statusReason = p.statusReason;
            roles = p.roles;
            followerCount = p.followerCount;
            followingCount = p.followingCount;
            version = p.version;
            createdAt = p.createdAt;
            updatedAt = p.updatedAt;
            stripeCustomerId = p.stripeCustomerId;
            revenueCatId = p.revenueCatId;
            passwordChangedAt = p.passwordChangedAt;
            pendingEmail = p.pendingEmail;
            emailSyncFrom = p.emailSyncFrom;
            legacyUserId = p.legacyUserId;
            lastSignInAt = p.lastSignInAt;
            signInCount = p.signInCount;
        }

        public Builder userId(String v) { userId = v; return this; }
        public Builder email(String v) { email = v; return this; }
        public Builder givenName(String v) { givenName = v; return this; }
        public Builder familyName(String v) { familyName = v; return this; }
        public Builder displayName(String v) { displayName = v; return this; }
        public Builder avatarUrl(String v) { avatarUrl = v; return this; }
        public Builder status(UserStatus v) { status = v; return this; }
        public Builder statusReason(String v) { statusReason = v; return this; }
        public Builder roles(Set<String> v) { roles = v; return this; }
        public Builder followerCount(long v) { followerCount = v; return this; }
        public Builder followingCount(long v) { followingCount = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder stripeCustomerId(String v) { stripeCustomerId = v; return this; }
        public Builder revenueCatId(String v) { revenueCatId = v; return this; }
        public Builder passwordChangedAt(Instant v) { passwordChangedAt = v; return this; }
        public Builder pendingEmail(String v) { pendingEmail = v; return this; }
        public Builder emailSyncFrom(String v) { emailSyncFrom = v; return this; }
        public Builder legacyUserId(String v) { legacyUserId = v; return this; }
        public Builder lastSignInAt(Instant v) { lastSignInAt = v; return this; }
        public Builder signInCount(long v) { signInCount = v; return this; }

        public UserProfile build() {
            return new UserProfile(userId, email, givenName, familyName, displayName, avatarUrl, status,
                    statusReason, roles, followerCount, followingCount, version, createdAt, updatedAt,
                    stripeCustomerId, revenueCatId, passwordChangedAt, pendingEmail, emailSyncFrom, legacyUserId, lastSignInAt,
                    signInCount);
        }
    }
}
