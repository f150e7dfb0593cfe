package dev.userbase.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UserProfileTest {

    private static final Instant CREATED = Instant.parse("2026-11-02T10:15:30.123Z");

    @Test
    void toItemThenFromItem_isTheSameProfile_everyFieldSet() {
        UserProfile profile = UserProfile.builder()
                .userId("0a1b2c3d-0000-4000-8000-000000000001")
                .email("new@example.com")
                .givenName("Ada")
                .familyName("Lovelace")
                .displayName("Ada L")
                .avatarUrl("https://example.com/a.png")
                .status(UserStatus.SUSPENDED)
                .statusReason("spam")
                .roles(Set.of("editor", "admin"))
                .followerCount(7)
                .followingCount(3)
                .version(12)
                .createdAt(CREATED)
                .updatedAt(CREATED.plusSeconds(60))
                .stripeCustomerId("cus_1")
                .revenueCatId("rc_1")
                .passwordChangedAt(CREATED.plusSeconds(5))
                .pendingEmail("next@example.com")
                .emailSyncFrom("old@example.com")
                .legacyUserId("legacy-9")
                .lastSignInAt(CREATED.plusSeconds(120))
                .signInCount(4)
                .build();

        Map<String, AttributeValue> item = profile.toItem();

        assertThat(item.get(UserProfile.EMAIL_SYNC_FROM)).isEqualTo(AttributeValue.fromS("old@example.com"));
        assertThat(UserProfile.fromItem(item)).isEqualTo(profile);
        assertThat(UserProfile.fromItem(item).toBuilder().build()).isEqualTo(profile);
    }

    @Test
    void aProfileWithNoEmailChangeHalfDone_hasNoEmailSyncFrom_inTheItemOrBack() {
        UserProfile profile = UserProfile.builder().userId("u1").email("a@example.com").createdAt(CREATED).build();

        Map<String, AttributeValue> item = profile.toItem();

        assertThat(item).doesNotContainKey(UserProfile.EMAIL_SYNC_FROM);
        assertThat(UserProfile.fromItem(item).emailSyncFrom()).isNull();
        assertThat(UserProfile.fromItem(item)).isEqualTo(profile.toBuilder().updatedAt(CREATED).build());
    }

    @Test
    void fromItem_readsEmailSyncFrom_asTheEmailChangeWritesIt() {
        Map<String, AttributeValue> item = new HashMap<>(UserProfile.builder().userId("u2").createdAt(CREATED)
                .build().toItem());
        item.put(UserProfile.EMAIL_SYNC_FROM, AttributeValue.fromS("before@example.com"));

        assertThat(UserProfile.fromItem(item).emailSyncFrom()).isEqualTo("before@example.com");
    }
}
