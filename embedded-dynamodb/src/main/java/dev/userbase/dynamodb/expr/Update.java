package dev.userbase.dynamodb.expr;

import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/** A parsed update: SET, REMOVE, ADD and DELETE actions (or a legacy AttributeUpdates map). */
public interface Update {

    /** Every path an action of this update writes, in the order written. */
    List<Path> paths();

    /**
     * The item after the update; {@code item} (empty when the item does not exist) is not changed.
     *
     * @throws dev.userbase.dynamodb.DynamoDbException a ValidationException for an update that
     *         cannot apply to this item (a missing path, an operand of the wrong type, …)
     */
    Map<String, Value> apply(Map<String, Value> item);
}
