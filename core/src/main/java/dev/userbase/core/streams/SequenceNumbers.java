package dev.userbase.core.streams;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * DynamoDB Streams sequence numbers: decimal strings of up to 40 digits that grow within a shard.
 * They are compared as numbers, never as strings ("9" sorts after "10" as a string).
 */
public final class SequenceNumbers {

    public static final Comparator<String> ORDER = Comparator.comparing(SequenceNumbers::parse);

    private SequenceNumbers() {
    }

    public static BigInteger parse(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.isEmpty()) {
            throw new IllegalArgumentException("a stream record without a sequence number");
        }
        try {
            return new BigInteger(sequenceNumber);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream sequence number: " + sequenceNumber, e);
        }
    }

    /** True if {@code a} comes at or before {@code b}; a {@code null} {@code b} means "nothing yet". */
    public static boolean atOrBefore(String a, String b) {
        return b != null && parse(a).compareTo(parse(b)) <= 0;
    }

    /** The later of two sequence numbers; either may be {@code null}. */
    public static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return parse(a).compareTo(parse(b)) >= 0 ? a : b;
    }
}
