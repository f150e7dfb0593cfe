package dev.userbase.dynamodb.table;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.KeyNames;
import dev.userbase.dynamodb.model.Value;

/** The key of a table or index: a partition (hash) attribute and, optionally, a sort (range) attribute. */
public record KeySchema(KeyAttribute hash, KeyAttribute range) {

    public Optional<KeyAttribute> rangeKey() {
        return Optional.ofNullable(range);
    }

    public KeyNames names() {
        return new KeyNames(hash.name(), range == null ? null : range.name());
    }

    public boolean isKeyAttribute(String name) {
        return hash.name().equals(name) || (range != null && range.name().equals(name));
    }

    /** The key attributes of {@code item}, or null when it lacks one or one has the wrong type (sparse index). */
    public Map<String, Value> keyOfOrNull(Map<String, Value> item) {
        Value h = item.get(hash.name());
        if (h == null || !h.type().equals(hash.type())) {
            return null;
        }
        Map<String, Value> key = new LinkedHashMap<>(2);
        key.put(hash.name(), h);
        if (range != null) {
            Value r = item.get(range.name());
            if (r == null || !r.type().equals(range.type())) {
                return null;
            }
            key.put(range.name(), r);
        }
        return key;
    }

    /**
     * Checks a Key parameter (GetItem, DeleteItem, …): exactly the key attributes, with their types,
     * string and binary values not empty.
     */
    public Map<String, Value> validateKey(Map<String, Value> key) {
        int expected = range == null ? 1 : 2;
        if (key == null || key.size() != expected || !key.containsKey(hash.name())
                || (range != null && !key.containsKey(range.name()))) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hash, key.get(hash.name()));
        if (range != null) {
            checkKeyValue(range, key.get(range.name()));
        }
        checkKeySizes(key);
        return key;
    }

    /** Checks the key attributes of an item to be written into the table. */
    public Map<String, Value> validateItemKey(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>(2);
        for (KeyAttribute k : range == null ? new KeyAttribute[] {hash} : new KeyAttribute[] {hash, range}) {
            Value v = item.get(k.name());
            if (v == null) {
                throw DynamoDbException.invalidParameter("Missing the key " + k.name() + " in the item");
            }
            if (!v.type().equals(k.type())) {
                throw DynamoDbException.invalidParameter("Type mismatch for key " + k.name() + " expected: "
                        + k.type() + " actual: " + v.type());
            }
            checkKeyValue(k, v);
            key.put(k.name(), v);
        }
        checkKeySizes(key);
        return key;
    }

    static void checkKeyValue(KeyAttribute k, Value v) {
        if (!v.type().equals(k.type())) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        if ((v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0)) {
            throw DynamoDbException.invalidParameter("The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + k.name());
        }
    }

    private void checkKeySizes(Map<String, Value> key) {
        if (key.get(hash.name()).size() > 2048) {
            throw DynamoDbException.invalidParameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (range != null && key.get(range.name()).size() > 1024) {
            throw DynamoDbException.invalidParameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }
}
