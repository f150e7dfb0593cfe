package dev.userbase.stream;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;

import dev.userbase.core.model.MalformedItemException;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;

/**
 * Lambda's DynamoDB stream records as {@link ChangeRecord}s. Attribute values go through
 * aws-lambda-java-events-sdk-transformer (Lambda's model to AWS SDK v2); the rest is read here so
 * a missing field fails with a clear message instead of a NullPointerException.
 */
final class LambdaRecords {

    /** Epoch milliseconds below this are really epoch seconds (before 1973 as milliseconds). */
    private static final long SECONDS_AS_MILLIS_LIMIT = 100_000_000_000L;

    private LambdaRecords() {
    }

    /** The whole record: keys and both images. */
    static ChangeRecord toChangeRecord(DynamodbEvent.DynamodbStreamRecord record, String defaultSourceArn) {
        return convert(record, defaultSourceArn, true);
    }

    /** Keys only: what the follow counters read (cheaper than converting images they never look at). */
    static ChangeRecord keysOnly(DynamodbEvent.DynamodbStreamRecord record, String defaultSourceArn) {
        return convert(record, defaultSourceArn, false);
    }

    private static ChangeRecord convert(DynamodbEvent.DynamodbStreamRecord record, String defaultSourceArn,
            boolean images) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null || dynamodb.getSequenceNumber() == null) {
            throw new MalformedItemException("stream record " + record.getEventID() + " has no dynamodb section");
        }
        ChangeType type;
        try {
            type = ChangeType.valueOf(record.getEventName());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedItemException("stream record " + record.getEventID() + " has event name "
                    + record.getEventName());
        }
        Identity identity = record.getUserIdentity();
        try {
            return new ChangeRecord(
                    record.getEventID() == null ? dynamodb.getSequenceNumber() : record.getEventID(),
                    type,
                    dynamodb.getSequenceNumber(),
                    creationTime(dynamodb.getApproximateCreationDateTime()),
                    values(dynamodb.getKeys()),
                    images ? values(dynamodb.getOldImage()) : null,
                    images ? values(dynamodb.getNewImage()) : null,
                    identity == null ? null : identity.getType(),
                    identity == null ? null : identity.getPrincipalId(),
                    record.getEventSourceARN() == null ? defaultSourceArn : record.getEventSourceARN());
        } catch (IllegalArgumentException e) {
            // the transformer's "Unsupported attributeValue type": an image we cannot read
            throw new MalformedItemException("stream record " + record.getEventID() + " has an unreadable image: "
                    + e.getMessage());
        }
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values(
            Map<String, AttributeValue> values) {
        return values == null ? null : DynamodbAttributeValueTransformer.toAttributeValueMapV2(values);
    }

    /**
     * Lambda sends {@code ApproximateCreationDateTime} in epoch seconds, and Lambda's Java runtime
     * reads the number into a {@link Date} as epoch milliseconds; undo that.
     */
    static Instant creationTime(Date date) {
        if (date == null) {
            return null;
        }
        long value = date.getTime();
        return Math.abs(value) < SECONDS_AS_MILLIS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
}
