package dev.userbase.core.social;

import java.util.Objects;

import dev.userbase.core.access.Caller;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.ProfileDetails;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.profile.ProfileService;

/**
 * Who may see which of another user's profile: the user themselves and administrators see it all
 * (with preferences), anyone else the public view of a user who has not deleted their account. A
 * deleted account is "no such user" to others, as one that never existed. An administrator counts
 * as one only while their own account is ACTIVE ({@link ProfileService#mayAdminister}): a suspended,
 * deleted or erased one sees what any user sees, even with the {@code admin} group still in their token.
 */
public final class ProfileLookup {

    /** What a viewer gets of a profile. */
    public sealed interface View permits Full, Public {
    }

    /** Every field and the preferences: the user themselves, or an administrator ({@code byAdmin}). */
    public record Full(ProfileDetails details, boolean byAdmin) implements View {
    }

    /** The public view. */
    public record Public(UserProfile profile) implements View {
    }

    private final ProfileService profiles;

    public ProfileLookup(ProfileService profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** @throws NotFoundException no such user, or one the viewer may not see */
    public View view(String userId, Caller viewer) {
        boolean byAdmin = profiles.mayAdminister(viewer);
        if (viewer.userId().equals(userId) || byAdmin) {
            ProfileDetails details = profiles.findWithPreferences(userId)
                    .orElseThrow(() -> new NotFoundException("No such user"));
            return new Full(details, byAdmin);
        }
        return new Public(visible(userId, viewer, false));
    }

    /**
     * The profile of a user {@code viewer} may see (their lists too): one who exists and has not
     * deleted their account, unless the viewer is that user or an administrator.
     *
     * @throws NotFoundException otherwise
     */
    public UserProfile requireVisible(String userId, Caller viewer) {
        return visible(userId, viewer, true);
    }

    /** {@code adminMaySee}: whether an active administrator may see a deleted user here. */
    private UserProfile visible(String userId, Caller viewer, boolean adminMaySee) {
        UserProfile profile = profiles.findForDisplay(userId)
                .orElseThrow(() -> new NotFoundException("No such user"));
        if (profile.status() == UserStatus.DELETED && !viewer.userId().equals(userId)
                && !(adminMaySee && profiles.mayAdminister(viewer))) {
            throw new NotFoundException("No such user");
        }
        return profile;
    }
}
