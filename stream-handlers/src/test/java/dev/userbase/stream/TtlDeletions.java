package dev.userbase.stream;

import java.util.List;

import dev.userbase.core.streams.ChangeRecord;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Stream records as DynamoDB writes them when Time to Live deleted the items: each REMOVE carries the
 * service's {@code userIdentity} ({@code Service} / {@code dynamodb.amazonaws.com}), which the engine's
 * own deletes through the API do not.
 */
final class TtlDeletions {

    static final Identity TTL = Identity.builder()
            .type(ChangeRecord.TTL_IDENTITY_TYPE).principalId(ChangeRecord.TTL_PRINCIPAL).build();

    private TtlDeletions() {
    }

    /** The records with each REMOVE marked as made by TTL, the others as they are. */
    static List<Record> of(List<Record> records) {
        return records.stream()
                .map(r -> r.eventNameAsString().equals("REMOVE") ? r.toBuilder().userIdentity(TTL).build() : r)
                .toList();
    }
}
