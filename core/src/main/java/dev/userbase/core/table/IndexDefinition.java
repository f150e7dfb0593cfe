package dev.userbase.core.table;

import java.util.List;
import java.util.Objects;

import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * A global secondary index. {@code nonKeyAttributes} is only meaningful for {@link ProjectionType#INCLUDE}:
 * projecting only what a query needs keeps frequent writes of other attributes (follower counts)
 * from being copied into the index.
 */
public record IndexDefinition(
        String name,
        KeyAttribute partitionKey,
        KeyAttribute sortKey,
        ProjectionType projection,
        List<String> nonKeyAttributes) {

    public IndexDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(projection, "projection");
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
        if (projection != ProjectionType.INCLUDE && !nonKeyAttributes.isEmpty()) {
            throw new IllegalArgumentException("nonKeyAttributes require INCLUDE projection: " + name);
        }
    }
}
