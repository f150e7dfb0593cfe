package dev.userbase.core.social;

import java.time.Instant;

/** One entry of a followers or following list: the other user, and since when. */
public record FollowEntry(UserSummary user, Instant since) {
}
