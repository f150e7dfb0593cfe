package dev.userbase.core.events;

import java.util.Objects;

import dev.userbase.core.model.Keys;
import dev.userbase.core.streams.ChangeRecord;

/**
 * One record of a batch as it arrived: read, or unreadable (a poison record whose image could not
 * be converted), with what is known of it either way.
 *
 * @param sequenceNumber what a partial batch response names to have Lambda retry it
 * @param record {@code null} if the record could not be read
 * @param partitionKey the item's partition key if it could be read, to keep that user's later records behind it
 * @param problem why the record could not be read
 */
public record StreamInput(String sequenceNumber, ChangeRecord record, String partitionKey, String problem) {

    public StreamInput {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    }

    public static StreamInput of(ChangeRecord record) {
        return new StreamInput(record.sequenceNumber(), record, record.partitionKey(), null);
    }

    public static StreamInput unreadable(String sequenceNumber, String partitionKey, String problem) {
        return new StreamInput(sequenceNumber, null, partitionKey, problem);
    }

    /** The user this record belongs to, as far as its keys tell. */
    String keyUser() {
        String user = Keys.userIdOf(partitionKey);
        return user != null ? user : partitionKey;
    }
}
