package dev.userbase.dynamodb.streams;

import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/**
 * One change as DynamoDB Streams delivers it. Images are null where the view type leaves them out.
 *
 * @param eventName INSERT, MODIFY or REMOVE
 * @param createdAtMillis when the write happened (ApproximateCreationDateTime, in epoch milliseconds)
 * @param service true for a deletion made by the service itself (TTL), which carries a userIdentity
 */
public record StreamRecord(long sequence, String eventId, String eventName, long createdAtMillis,
        Map<String, Value> keys, Map<String, Value> newImage, Map<String, Value> oldImage, String viewType,
        int sizeBytes, boolean service) {

    /** DynamoDB's sequence numbers: decimal strings of 21 digits, increasing. */
    public static String sequenceText(long sequence) {
        return "1" + String.format("%020d", sequence);
    }

    /** The counter behind a sequence number, or -1 when {@code text} is not one of ours. */
    public static long parseSequence(String text) {
        if (text == null || text.length() != 21 || text.charAt(0) != '1') {
            return -1;
        }
        for (int i = 1; i < 21; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(text.substring(1));
    }

    public String sequenceNumber() {
        return sequenceText(sequence);
    }
}
