package dev.userbase.dynamodb.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.InProcessEngine;
import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/**
 * Query and Scan through the engine's operations (wire JSON in, wire JSON out, in-process) return
 * what the API Reference says: the items of the partition whose sort key meets the key condition,
 * in sort-key order (UTF-8 bytes for S, value for N, unsigned bytes for B; reversed with
 * ScanIndexForward=false), and, page by page with Limit and ExclusiveStartKey, every item exactly once.
 */
class QueryPropertiesTest {

    private static final InProcessEngine ENGINE = new InProcessEngine();
    private static final AtomicLong PARTITIONS = new AtomicLong();
    private static final AtomicLong TABLES = new AtomicLong();

    static {
        for (String type : List.of("S", "N", "B")) {
            ENGINE.createTable("sorted" + type, "S", type);
        }
    }

    /** A sort-key condition: {@code op} one of = &lt; &lt;= &gt; &gt;= BETWEEN begins_with, or null for none. */
    record KeyCond(String op, Value value, Value upper) {
    }

    record Scenario(String type, List<Value> sortKeys, KeyCond cond, boolean forward, Integer limit) {
    }

    @Property(tries = 300)
    void queryReturnsExactlyTheMatchingItemsInKeyOrder(@ForAll("scenarios") Scenario s) {
        String pk = "p" + PARTITIONS.incrementAndGet();
        List<Value> keys = distinct(s.sortKeys());
        for (Value sk : keys) {
            put("sorted" + s.type(), pk, sk);
        }
        List<Value> expected = new ArrayList<>(keys.stream().filter(k -> matches(s.cond(), k)).toList());
        expected.sort(ReferenceModel::compareKeys);
        if (!s.forward()) {
            Collections.reverse(expected);
        }
        List<Value> actual = queryAll(s, pk);
        assertThat(actual).as("query %s on %s", s.cond(), keys).isEqualTo(expected);
        Statistics.label("matches").collect(expected.isEmpty() ? "none" : expected.size() == keys.size() ? "all" : "some");
        Statistics.label("matches").coverage(c -> c.check("some").percentage(p -> p > 20));
    }

    @Property(tries = 100)
    void backwardIsTheExactReverseOfForward(@ForAll("scenarios") Scenario s) {
        String pk = "p" + PARTITIONS.incrementAndGet();
        for (Value sk : distinct(s.sortKeys())) {
            put("sorted" + s.type(), pk, sk);
        }
        List<Value> forward = queryAll(new Scenario(s.type(), s.sortKeys(), s.cond(), true, s.limit()), pk);
        List<Value> backward = queryAll(new Scenario(s.type(), s.sortKeys(), s.cond(), false, null), pk);
        Collections.reverse(backward);
        assertThat(backward).isEqualTo(forward);
    }

    /** A Scan in pages of {@code limit} returns every item of the table once. */
    @Property(tries = 60)
    void scanPagesReturnEveryItemOnce(@ForAll("partitionKeys") List<String> pks, @ForAll @IntRange(min = 1, max = 7) int limit) {
        String table = "scan" + TABLES.incrementAndGet();
        ENGINE.createTable(table, "S", null);
        Set<String> distinct = new HashSet<>(pks);
        for (String pk : distinct) {
            ObjectNode put = InProcessEngine.object().put("TableName", table);
            put.putObject("Item").set("pk", ValueCodec.encode(new Value.S(pk)));
            ENGINE.call("PutItem", put);
        }
        List<String> seen = new ArrayList<>();
        JsonNode start = null;
        for (int page = 0; page <= distinct.size() / limit + 1; page++) {
            ObjectNode scan = InProcessEngine.object().put("TableName", table).put("Limit", limit);
            if (start != null) {
                scan.set("ExclusiveStartKey", start);
            }
            JsonNode response = ENGINE.call("Scan", scan);
            assertThat(response.get("Items").size()).isLessThanOrEqualTo(limit);
            response.get("Items").forEach(i -> seen.add(i.get("pk").get("S").asText()));
            start = response.get("LastEvaluatedKey");
            if (start == null) {
                break;
            }
        }
        assertThat(start).as("the last page has no LastEvaluatedKey").isNull();
        assertThat(seen).hasSameSizeAs(distinct).containsExactlyInAnyOrderElementsOf(distinct);
        ENGINE.call("DeleteTable", InProcessEngine.object().put("TableName", table));
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.of("S", "N", "B").flatMap(type -> {
            // key values may not be empty
            Arbitrary<Value> key = AttributeValues.keyValues(type).filter(QueryPropertiesTest::notEmpty);
            Arbitrary<List<Value>> keys = key.list().ofMinSize(3).ofMaxSize(25);
            return keys.flatMap(ks -> {
                Arbitrary<Value> operand = ks.isEmpty() ? key
                        : Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(ks)), Tuple.of(1, key),
                                Tuple.of(1, Arbitraries.of(ks).map(QueryPropertiesTest::prefix).filter(QueryPropertiesTest::notEmpty)));
                List<String> ops = new ArrayList<>(List.of("=", "<", "<=", ">", ">=", "BETWEEN"));
                if (!type.equals("N")) {
                    ops.add("begins_with");
                }
                Arbitrary<KeyCond> cond = Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(new KeyCond(null, null, null))),
                        Tuple.of(8, Combinators.combine(Arbitraries.of(ops), operand, operand).as((op, a, b) -> {
                            if (!op.equals("BETWEEN")) {
                                return new KeyCond(op, a, null);
                            }
                            return ReferenceModel.compareKeys(a, b) <= 0 ? new KeyCond(op, a, b) : new KeyCond(op, b, a);
                        })));
                Arbitrary<Integer> limit = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)),
                        Tuple.of(3, Arbitraries.integers().between(1, 8)));
                return Combinators.combine(cond, Arbitraries.of(true, false), limit)
                        .as((c, forward, l) -> new Scenario(type, ks, c, forward, l));
            });
        });
    }

    @Provide
    Arbitrary<List<String>> partitionKeys() {
        return AttributeValues.strings(4).filter(s -> !s.isEmpty()).list().ofMaxSize(40);
    }

    private static boolean notEmpty(Value v) {
        return ReferenceModel.size(v) > 0;
    }

    /** The first half of a string or binary key (a prefix that begins_with will find), a number as it is. */
    private static Value prefix(Value v) {
        if (v instanceof Value.S s) {
            int[] cps = s.value().codePoints().toArray();
            return new Value.S(new String(cps, 0, (cps.length + 1) / 2));
        }
        if (v instanceof Value.B b) {
            byte[] bytes = b.value().toArray();
            return new Value.B(dev.userbase.dynamodb.model.Bytes.of(java.util.Arrays.copyOf(bytes, (bytes.length + 1) / 2)));
        }
        return v;
    }

    // ---- the engine -------------------------------------------------------------------------

    private static void put(String table, String pk, Value sk) {
        ObjectNode request = InProcessEngine.object().put("TableName", table);
        ObjectNode item = request.putObject("Item");
        item.set("pk", ValueCodec.encode(new Value.S(pk)));
        item.set("sk", ValueCodec.encode(sk));
        ENGINE.call("PutItem", request);
    }

    /** Every page of the query, following LastEvaluatedKey, each page checked against Limit. */
    private static List<Value> queryAll(Scenario s, String pk) {
        List<Value> result = new ArrayList<>();
        JsonNode start = null;
        int pages = 0;
        do {
            ObjectNode q = InProcessEngine.object().put("TableName", "sorted" + s.type()).put("ScanIndexForward", s.forward());
            ObjectNode names = q.putObject("ExpressionAttributeNames").put("#pk", "pk");
            ObjectNode values = q.putObject("ExpressionAttributeValues");
            values.set(":pk", ValueCodec.encode(new Value.S(pk)));
            String condition = "#pk = :pk";
            KeyCond c = s.cond();
            if (c.op() != null) {
                names.put("#sk", "sk");
                values.set(":v", ValueCodec.encode(c.value()));
                condition += switch (c.op()) {
                    case "BETWEEN" -> " AND #sk BETWEEN :v AND :w";
                    case "begins_with" -> " AND begins_with(#sk, :v)";
                    default -> " AND #sk " + c.op() + " :v";
                };
                if (c.upper() != null) {
                    values.set(":w", ValueCodec.encode(c.upper()));
                }
            }
            q.put("KeyConditionExpression", condition);
            if (s.limit() != null) {
                q.put("Limit", s.limit());
            }
            if (start != null) {
                q.set("ExclusiveStartKey", start);
            }
            JsonNode response = ENGINE.call("Query", q);
            JsonNode items = response.get("Items");
            if (s.limit() != null) {
                assertThat(items.size()).isLessThanOrEqualTo(s.limit());
            }
            items.forEach(i -> result.add(ValueCodec.decode(i.get("sk"))));
            assertThat(response.get("Count").asInt()).isEqualTo(items.size());
            start = response.get("LastEvaluatedKey");
            assertThat(++pages).as("pages").isLessThanOrEqualTo(s.sortKeys().size() + 2);
        } while (start != null);
        return result;
    }

    // ---- the reference ----------------------------------------------------------------------

    private static List<Value> distinct(List<Value> keys) {
        TreeSet<Value> set = new TreeSet<>(ReferenceModel::compareKeys);
        set.addAll(keys);
        return new ArrayList<>(set);
    }

    private static boolean matches(KeyCond c, Value k) {
        if (c.op() == null) {
            return true;
        }
        int cmp = ReferenceModel.compareKeys(k, c.value());
        return switch (c.op()) {
            case "=" -> cmp == 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "BETWEEN" -> cmp >= 0 && ReferenceModel.compareKeys(k, c.upper()) <= 0;
            case "begins_with" -> startsWith(k, c.value());
            default -> throw new IllegalArgumentException(c.op());
        };
    }

    private static boolean startsWith(Value k, Value prefix) {
        byte[] a = k instanceof Value.S s ? ReferenceModel.utf8(s.value()) : ((Value.B) k).value().toArray();
        byte[] p = prefix instanceof Value.S s ? ReferenceModel.utf8(s.value()) : ((Value.B) prefix).value().toArray();
        return a.length >= p.length && java.util.Arrays.equals(a, 0, p.length, p, 0, p.length);
    }
}
