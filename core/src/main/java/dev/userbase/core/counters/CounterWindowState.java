package dev.userbase.core.counters;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.streams.SequenceNumbers;

/**
 * The running state of one tumbling window of the follow-counter mapping: per user, the net change
 * of their follower and following counts over the records aggregated so far, and the range of
 * sequence numbers those records came from. Lambda keeps it between the invocations of a window as
 * a {@code Map<String, String>} (at most 1 MB per shard); {@link #encode()} and {@link #decode}
 * translate.
 *
 * <p>Encoding: {@code #v} = format version, {@code #base} = the checkpoint the window started
 * from (records at or below it were already applied), {@code #max} = the highest sequence number
 * aggregated; each user is {@code =<userId>} → {@code <followerDelta>,<followingDelta>}.
 */
final class CounterWindowState {

    static final String VERSION_KEY = "#v";
    static final String BASE_KEY = "#base";
    static final String MAX_KEY = "#max";
    static final String USER_PREFIX = "=";
    static final String FORMAT = "1";

    private String base;
    private String max;
    private final TreeMap<String, FollowCountDelta> deltas = new TreeMap<>();
    private long estimatedBytes;

    private CounterWindowState(String base, String max) {
        this.base = base;
        this.max = max;
        this.estimatedBytes = 64;
    }

    /** A window with nothing aggregated, starting after {@code appliedThrough} (may be {@code null}). */
    public static CounterWindowState startingAfter(String appliedThrough) {
        return new CounterWindowState(appliedThrough, appliedThrough);
    }

    /** The state Lambda passed back; {@code null} or empty is a new window. */
    public static CounterWindowState decode(Map<String, String> state) {
        if (state == null || state.isEmpty()) {
            return startingAfter(null);
        }
        String format = state.get(VERSION_KEY);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("unknown follow-counter window state format " + format);
        }
        CounterWindowState decoded = new CounterWindowState(state.get(BASE_KEY), state.get(MAX_KEY));
        state.forEach((key, value) -> {
            if (key.startsWith(USER_PREFIX)) {
                int comma = value.indexOf(',');
                if (comma < 0) {
                    throw new IllegalArgumentException("malformed follow-counter state entry for " + key);
                }
                decoded.add(key.substring(USER_PREFIX.length()),
                        Long.parseLong(value.substring(0, comma)), Long.parseLong(value.substring(comma + 1)));
            }
        });
        return decoded;
    }

    public Map<String, String> encode() {
        Map<String, String> state = new HashMap<>();
        state.put(VERSION_KEY, FORMAT);
        if (base != null) {
            state.put(BASE_KEY, base);
        }
        if (max != null) {
            state.put(MAX_KEY, max);
        }
        deltas.forEach((user, delta) -> {
            if (!delta.isZero()) {
                state.put(USER_PREFIX + user, delta.followers() + "," + delta.following());
            }
        });
        return state;
    }

    /** Adds to a user's deltas. */
    public void add(String userId, long followers, long following) {
        FollowCountDelta previous = deltas.get(userId);
        if (previous == null) {
            estimatedBytes += userId.length() + 16L;
            deltas.put(userId, new FollowCountDelta(followers, following));
        } else {
            deltas.put(userId, previous.plus(followers, following));
        }
    }

    /** Records that a record with this sequence number has been aggregated. */
    public void advanceTo(String sequenceNumber) {
        max = SequenceNumbers.max(max, sequenceNumber);
    }

    /** True if the record with this sequence number is already part of this state (or older than it). */
    public boolean covers(String sequenceNumber) {
        return SequenceNumbers.atOrBefore(sequenceNumber, max);
    }

    public String base() {
        return base;
    }

    public String max() {
        return max;
    }

    /** The users whose counts change, by user id, without those whose deltas cancelled out. */
    public SortedMap<String, FollowCountDelta> nonZeroDeltas() {
        TreeMap<String, FollowCountDelta> result = new TreeMap<>();
        deltas.forEach((user, delta) -> {
            if (!delta.isZero()) {
                result.put(user, delta);
            }
        });
        return Collections.unmodifiableSortedMap(result);
    }

    /**
     * An upper estimate of the encoded size in bytes (keys, values and JSON punctuation), to flush
     * before Lambda's 1 MB limit ends the window early.
     */
    public long estimatedBytes() {
        return estimatedBytes;
    }
}
