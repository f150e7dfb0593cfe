package dev.userbase.dynamodb.expr;

import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/** A parsed projection: the paths to keep of an item. */
public interface Projection {

    List<Path> paths();

    /** The parts of {@code item} the paths name (paths that name nothing are left out). */
    Map<String, Value> apply(Map<String, Value> item);
}
