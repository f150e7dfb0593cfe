package dev.userbase.core.streams;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * One change of one item of the users table, as the stream reports it, independent of how it
 * arrived (a Lambda event, the DynamoDB Streams API). Images are AWS SDK v2 attribute maps, so the
 * item types' {@code fromItem} methods read them directly.
 *
 * @param eventId the stream record's {@code eventID}: unique per record and stable across redelivery
 * @param oldImage {@code null} for an INSERT, or when the record was read without images
 * @param newImage {@code null} for a REMOVE, or when the record was read without images
 * @param identityType {@code userIdentity.type}; {@code Service} for deletions made by TTL
 * @param identityPrincipal {@code userIdentity.principalId}; {@code dynamodb.amazonaws.com} for TTL
 */
public record ChangeRecord(
        String eventId,
        ChangeType type,
        String sequenceNumber,
        Instant approximateCreationTime,
        Map<String, AttributeValue> keys,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        String identityType,
        String identityPrincipal,
        String eventSourceArn) {

    /** The {@code userIdentity} DynamoDB puts on a deletion made by Time to Live. */
    public static final String TTL_IDENTITY_TYPE = "Service";
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    public ChangeRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        oldImage = oldImage == null ? null : Map.copyOf(oldImage);
        newImage = newImage == null ? null : Map.copyOf(newImage);
    }

    /** A stream record read through the DynamoDB Streams API (DynamoDB Local in tests and the local stack). */
    public static ChangeRecord fromSdk(Record record, String eventSourceArn) {
        StreamRecord dynamodb = record.dynamodb();
        Identity identity = record.userIdentity();
        return new ChangeRecord(
                record.eventID(),
                ChangeType.valueOf(record.eventNameAsString()),
                dynamodb.sequenceNumber(),
                dynamodb.approximateCreationDateTime(),
                dynamodb.hasKeys() ? dynamodb.keys() : Map.of(),
                dynamodb.hasOldImage() ? dynamodb.oldImage() : null,
                dynamodb.hasNewImage() ? dynamodb.newImage() : null,
                identity == null ? null : identity.type(),
                identity == null ? null : identity.principalId(),
                eventSourceArn);
    }

    public BigInteger sequence() {
        return SequenceNumbers.parse(sequenceNumber);
    }

    public String partitionKey() {
        return Attributes.string(keys, UsersTable.PK);
    }

    public String sortKey() {
        return Attributes.string(keys, UsersTable.SK);
    }

    public ItemKind kind() {
        return Keys.kindOf(partitionKey(), sortKey());
    }

    /**
     * True for a deletion made by DynamoDB's Time to Live ({@code userIdentity} type {@code Service},
     * principal {@code dynamodb.amazonaws.com}). A deletion made by a user or a service has no such
     * identity and is never an expiry.
     */
    public boolean isTtlExpiry() {
        return type == ChangeType.REMOVE
                && TTL_IDENTITY_TYPE.equals(identityType)
                && TTL_PRINCIPAL.equals(identityPrincipal);
    }

    /** The image that describes the item: the new one, or for a REMOVE the old one. */
    public Map<String, AttributeValue> latestImage() {
        return newImage != null ? newImage : oldImage;
    }
}
