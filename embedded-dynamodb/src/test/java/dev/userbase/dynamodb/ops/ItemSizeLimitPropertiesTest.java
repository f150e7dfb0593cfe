package dev.userbase.dynamodb.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.InProcessEngine;
import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/**
 * Sizes at the wire, in-process: the 400 KB item limit holds to the byte (an item of exactly 409,600
 * bytes by the Developer Guide's arithmetic is stored, one byte more is refused with DynamoDB's
 * ValidationException, by PutItem and by UpdateItem), and ConsumedCapacity follows from the sizes
 * ("Capacity unit consumption": a write unit per 1 KB of the larger of the old and new item, a read
 * unit per 4 KB, half for an eventually consistent read, a Query's items summed before rounding).
 */
class ItemSizeLimitPropertiesTest {

    static final int LIMIT = 400 * 1024;
    static final List<String> NAMES = List.of("a", "\u00E9", "\u4E2D", "\uD83D\uDE00", "bb");

    private static final InProcessEngine ENGINE = new InProcessEngine();
    private static final AtomicLong KEYS = new AtomicLong();

    static {
        ENGINE.createTable("sizes", "S", null);
        ENGINE.createTable("ranges", "S", "N");
        ENGINE.createTable("keys", "S", "S");
    }

    @Property(tries = 40)
    void anItemOfExactlyTheLimitIsStoredAndOneByteMoreIsNot(@ForAll("attributes") Map<String, Value> attributes,
            @ForAll boolean wideCharacters) {
        String pk = "k" + KEYS.incrementAndGet();
        Map<String, Value> atLimit = padded(pk, attributes, LIMIT, wideCharacters);
        assertThat(ReferenceModel.itemSize(atLimit)).isEqualTo(LIMIT);
        put(atLimit, null);
        JsonNode stored = ENGINE.call("GetItem", key(pk));
        assertThat(ReferenceModel.sameMap(ValueCodec.decodeItem(stored.get("Item")), atLimit)).isTrue();

        Map<String, Value> over = padded("k" + KEYS.incrementAndGet(), attributes, LIMIT + 1, wideCharacters);
        assertThatThrownBy(() -> put(over, null)).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.getMessage()).isEqualTo("Item size has exceeded the maximum allowed size");
        });
    }

    @Property(tries = 40)
    void anUpdateMayGrowAnItemToTheLimitAndNoFurther(@ForAll("attributes") Map<String, Value> attributes,
            @ForAll @IntRange(min = 1, max = 5000) int grow) {
        String pk = "k" + KEYS.incrementAndGet();
        Map<String, Value> before = padded(pk, attributes, LIMIT - grow - 5, false);
        put(before, null);
        // SET #z = :s adds 1 byte of name and grow + 4 bytes of string: exactly the limit
        assertThat(update(pk, "x".repeat(grow + 4)).get("Attributes")).isNotNull();
        assertThatThrownBy(() -> update(pk, "x".repeat(grow + 5))).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.getMessage()).isEqualTo("Item size to update has exceeded the maximum allowed size");
        });
    }

    @Property(tries = 150)
    void capacityUnitsFollowFromItemSizes(@ForAll("attributes") Map<String, Value> attributes,
            @ForAll @IntRange(min = 0, max = LIMIT) int first, @ForAll @IntRange(min = 0, max = LIMIT) int second) {
        String pk = "k" + KEYS.incrementAndGet();
        int base = ReferenceModel.itemSize(padded(pk, attributes, -1, false));
        int size1 = Math.max(first, base);
        int size2 = Math.max(second, base);
        Map<String, Value> one = padded(pk, attributes, size1, false);
        Map<String, Value> two = padded(pk, attributes, size2, false);
        assertThat(units(put(one, "TOTAL"))).as("new item of %d bytes", size1).isEqualTo(ceil(size1, 1024));
        assertThat(units(get(pk, true))).as("strongly consistent read").isEqualTo(ceil(size1, 4096));
        assertThat(units(get(pk, false))).as("eventually consistent read").isEqualTo(ceil(size1, 4096) / 2);
        assertThat(units(put(two, "TOTAL"))).as("replacing %d by %d bytes", size1, size2)
                .isEqualTo(ceil(Math.max(size1, size2), 1024));
        ObjectNode delete = key(pk).put("ReturnConsumedCapacity", "TOTAL");
        assertThat(units(ENGINE.call("DeleteItem", delete))).isEqualTo(ceil(size2, 1024));
        assertThat(units(get(pk, true))).as("reading nothing costs the minimum").isEqualTo(1.0);
    }

    /** A Query's units come from the sum of the sizes of the items it read, rounded up to 4 KB once. */
    @Property(tries = 60)
    void queryUnitsRoundTheSumOfItemSizes(@ForAll("sizes") List<Integer> sizes, @ForAll boolean consistent) {
        String pk = "q" + KEYS.incrementAndGet();
        long total = 0;
        for (int i = 0; i < sizes.size(); i++) {
            Map<String, Value> item = new LinkedHashMap<>();
            item.put("pk", new Value.S(pk));
            item.put("sk", Value.N.of(i));
            int base = ReferenceModel.itemSize(item) + 1;
            int size = Math.max(sizes.get(i), base);
            item.put("p", new Value.S("x".repeat(size - base)));
            assertThat(ReferenceModel.itemSize(item)).isEqualTo(size);
            ObjectNode request = InProcessEngine.object().put("TableName", "ranges");
            request.set("Item", ValueCodec.encodeItem(item));
            ENGINE.call("PutItem", request);
            total += size;
        }
        ObjectNode q = InProcessEngine.object().put("TableName", "ranges").put("KeyConditionExpression", "pk = :pk")
                .put("ConsistentRead", consistent).put("ReturnConsumedCapacity", "TOTAL");
        q.putObject("ExpressionAttributeValues").set(":pk", ValueCodec.encode(new Value.S(pk)));
        JsonNode response = ENGINE.call("Query", q);
        assertThat(response.get("Count").asInt()).isEqualTo(sizes.size());
        double strong = Math.max(1, ceil(total, 4096));
        assertThat(units(response)).as("%d bytes", total).isEqualTo(consistent ? strong : strong / 2);
    }

    /**
     * Key values are limited by their UTF-8 bytes: 2048 for a partition key, 1024 for a sort key
     * (API Reference, "Service, account, and table quotas": partition key 1 to 2048 bytes, sort key
     * 1 to 1024 bytes), whatever mix of 1- to 4-byte characters they are made of.
     */
    @Property(tries = 100)
    void keysAreLimitedByTheirUtf8Bytes(@ForAll("codePoints") List<Integer> codePoints, @ForAll boolean sortKey) {
        int limit = sortKey ? 1024 : 2048;
        String atLimit = fill(codePoints, limit);
        String over = fill(codePoints, limit + 1);
        assertThat(ReferenceModel.utf8(atLimit)).hasSize(limit);
        assertThat(ReferenceModel.utf8(over)).hasSize(limit + 1);
        String other = "k" + KEYS.incrementAndGet();
        putKey(sortKey ? other : atLimit, sortKey ? atLimit : other);
        assertThatThrownBy(() -> putKey(sortKey ? other : over, sortKey ? over : other))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage()).isEqualTo(sortKey
                        ? "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
                        : "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"));
    }

    /** Characters taken in turn from {@code codePoints} while they fit in {@code bytes}, then ASCII to fill up exactly. */
    static String fill(List<Integer> codePoints, int bytes) {
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; !codePoints.isEmpty(); i++) {
            int cp = codePoints.get(i % codePoints.size());
            int n = ReferenceModel.utf8(new String(Character.toChars(cp))).length;
            if (used + n > bytes) {
                break;
            }
            b.appendCodePoint(cp);
            used += n;
        }
        return b + "x".repeat(bytes - used);
    }

    private static void putKey(String pk, String sk) {
        ObjectNode request = InProcessEngine.object().put("TableName", "keys");
        ObjectNode item = request.putObject("Item");
        item.set("pk", ValueCodec.encode(new Value.S(pk)));
        item.set("sk", ValueCodec.encode(new Value.S(sk)));
        ENGINE.call("PutItem", request);
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Integer>> codePoints() {
        Integer[] all = java.util.Arrays.stream(AttributeValues.CODE_POINTS).filter(c -> c != 0).boxed().toArray(Integer[]::new);
        return Arbitraries.of(all).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Map<String, Value>> attributes() {
        return AttributeValues.items(NAMES, 2);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.integers().between(1, 40_000).list().ofMinSize(1).ofMaxSize(12);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * The item {@code pk} with {@code attributes}, padded with a string attribute {@code z} to
     * exactly {@code target} bytes by the reference arithmetic (no padding when target is -1);
     * with wide characters the padding is mostly 4-byte characters.
     */
    static Map<String, Value> padded(String pk, Map<String, Value> attributes, int target, boolean wideCharacters) {
        Map<String, Value> item = new LinkedHashMap<>();
        item.put("pk", new Value.S(pk));
        item.putAll(attributes);
        if (target < 0) {
            item.put("z", new Value.S(""));
            return item;
        }
        int room = target - ReferenceModel.itemSize(item) - 1;
        if (room < 0) {
            throw new IllegalArgumentException("the attributes alone exceed " + target);
        }
        String pad = wideCharacters ? "\uD83D\uDE00".repeat(room / 4) + "x".repeat(room % 4) : "x".repeat(room);
        item.put("z", new Value.S(pad));
        return item;
    }

    static double ceil(long bytes, int unit) {
        return Math.max(1, (bytes + unit - 1) / unit);
    }

    private static ObjectNode key(String pk) {
        ObjectNode request = InProcessEngine.object().put("TableName", "sizes");
        request.putObject("Key").set("pk", ValueCodec.encode(new Value.S(pk)));
        return request;
    }

    private static JsonNode put(Map<String, Value> item, String capacity) {
        ObjectNode request = InProcessEngine.object().put("TableName", "sizes");
        request.set("Item", ValueCodec.encodeItem(item));
        if (capacity != null) {
            request.put("ReturnConsumedCapacity", capacity);
        }
        return ENGINE.call("PutItem", request);
    }

    private static JsonNode get(String pk, boolean consistent) {
        return ENGINE.call("GetItem", key(pk).put("ConsistentRead", consistent).put("ReturnConsumedCapacity", "TOTAL"));
    }

    private static JsonNode update(String pk, String value) {
        ObjectNode request = key(pk).put("UpdateExpression", "SET #z2 = :s").put("ReturnValues", "UPDATED_NEW");
        request.putObject("ExpressionAttributeNames").put("#z2", "y");
        request.putObject("ExpressionAttributeValues").set(":s", ValueCodec.encode(new Value.S(value)));
        return ENGINE.call("UpdateItem", request);
    }

    private static double units(JsonNode response) {
        return response.get("ConsumedCapacity").get("CapacityUnits").asDouble();
    }
}
