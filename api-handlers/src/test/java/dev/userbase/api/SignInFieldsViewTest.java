package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.model.UserProfile;

/** lastSignInAt and signInCount: in the self and admin views, never in the public one. */
class SignInFieldsViewTest {

    private static final UserProfile PROFILE = UserProfile.builder().userId("sub-1").email("mia@example.com")
            .displayName("Mia Chen").createdAt(Instant.parse("2026-03-01T10:00:00Z"))
            .lastSignInAt(Instant.parse("2026-03-02T08:15:00Z")).signInCount(7).legacyUserId("legacy-17").build();

    @Test
    void privateAndAdminViews_showTheLastSignInAndTheCount() {
        for (ObjectNode view : new ObjectNode[] {Views.privateProfile(PROFILE), Views.adminProfile(PROFILE)}) {
            assertThat(view.get("lastSignInAt").asText()).isEqualTo("2026-03-02T08:15:00.000Z");
            assertThat(view.get("signInCount").asLong()).isEqualTo(7);
            assertThat(view.has("legacyUserId")).isFalse();
        }
    }

    @Test
    void publicView_showsNeither() {
        ObjectNode view = Views.publicProfile(PROFILE);
        assertThat(view.has("lastSignInAt")).isFalse();
        assertThat(view.has("signInCount")).isFalse();
    }

    @Test
    void aUserWhoNeverSignedInSinceTheTrigger_hasACountOfZeroAndNoTime() {
        ObjectNode view = Views.privateProfile(PROFILE.toBuilder().lastSignInAt(null).signInCount(0).build());
        assertThat(view.has("lastSignInAt")).isFalse();
        assertThat(view.get("signInCount").asLong()).isZero();
    }
}
