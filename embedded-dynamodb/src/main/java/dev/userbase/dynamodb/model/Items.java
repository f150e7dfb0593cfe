package dev.userbase.dynamodb.model;

import java.util.Map;

/** Size arithmetic of whole items, by DynamoDB's documented rules. */
public final class Items {

    /** The largest item DynamoDB stores: 400 KB, attribute names included. */
    public static final int MAX_ITEM_SIZE = 400 * 1024;

    private Items() {
    }

    public static int size(Map<String, Value> item) {
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            size += Value.utf8Length(e.getKey()) + e.getValue().size();
        }
        return size;
    }

    public static int nameSize(String name) {
        return Value.utf8Length(name);
    }
}
