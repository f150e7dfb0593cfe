package dev.userbase.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.core.events.ChangeEventMapper;
import dev.userbase.core.events.DomainEvent;
import dev.userbase.core.streams.ChangeRecord;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * What the change stream handler must make of stream records, by the mapper it uses: each user's
 * event ids in stream order, and the event ids of the audit entries.
 */
record ExpectedEvents(Map<String, List<String>> byUser, Set<String> audited) {

    static ExpectedEvents of(List<Record> records, String streamArn) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        Set<String> audited = new LinkedHashSet<>();
        ChangeEventMapper mapper = new ChangeEventMapper();
        for (Record record : records) {
            var mapped = mapper.map(ChangeRecord.fromSdk(record, streamArn));
            for (DomainEvent event : mapped.events()) {
                byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event.eventId());
            }
            mapped.audit().forEach(entry -> audited.add(entry.eventId()));
        }
        return new ExpectedEvents(byUser, audited);
    }
}
