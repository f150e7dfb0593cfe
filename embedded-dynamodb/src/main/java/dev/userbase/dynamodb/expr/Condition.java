package dev.userbase.dynamodb.expr;

import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/** A parsed condition or filter: true or false of one item (an absent item is an empty map). */
@FunctionalInterface
public interface Condition {

    Condition ALWAYS = item -> true;

    boolean test(Map<String, Value> item);
}
