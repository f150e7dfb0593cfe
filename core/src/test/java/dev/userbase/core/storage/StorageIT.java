package dev.userbase.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The storage layer's requests as the real SDK sends them and the engine answers them. */
class StorageIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private Table table;

    @BeforeEach
    void setUp() {
        table = tables.users();
    }

    @Test
    void conditionalPut_failure_carriesTheOldItem() {
        table.put(item("A", "X", "state", "CONFIRMED"), Condition.notExists("pk"));

        assertThatThrownBy(() -> table.put(item("A", "X", "state", "PENDING"), Condition.notExists("pk")
                        .or(Condition.eq("state", "PENDING"))))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("state", Attributes.s("CONFIRMED")));
        assertThat(table.get(key("A", "X"))).hasValueSatisfying(i -> assertThat(i).containsEntry("state", Attributes.s("CONFIRMED")));
    }

    @Test
    void update_everyClauseKind_andReturnsTheNewItem() {
        Map<String, AttributeValue> seed = item("A", "X", "drop", "me");
        seed.put("tags", Attributes.ss(List.of("a", "b")));
        seed.put("prefs", AttributeValue.fromM(Map.of("theme", Attributes.s("light"))));
        table.put(seed);

        Map<String, AttributeValue> updated = table.update(key("A", "X"), UpdateExpression.create()
                        .set("prefs.theme", "dark")
                        .increment("version", 1)
                        .setIfAbsent("createdAt", Attributes.s("t0"))
                        .add("count", 5)
                        .delete("tags", Attributes.ss(List.of("a")))
                        .remove("drop"),
                Condition.exists("pk").and(Condition.notExists("version")), ReturnValue.ALL_NEW);

        assertThat(updated).containsEntry("version", Attributes.n(1)).containsEntry("count", Attributes.n(5))
                .containsEntry("createdAt", Attributes.s("t0")).containsEntry("tags", Attributes.ss(List.of("b")))
                .doesNotContainKey("drop");
        assertThat(updated.get("prefs").m()).containsEntry("theme", Attributes.s("dark"));
        assertThatThrownBy(() -> table.update(key("A", "X"), UpdateExpression.create().increment("version", 1),
                Condition.notExists("version"))).isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void query_pagesThroughEveryItem_withFilterAndProjection() {
        IntStream.range(0, 7).forEach(i -> table.put(item("P", "E#" + i, "n", String.valueOf(i))));
        table.put(item("P", "OTHER", "n", "x"));

        Query query = Query.of(KeyCondition.partition("pk", "P").sortBeginsWith("sk", "E#"))
                .filter(Condition.ne("n", Attributes.s("3"))).project(Projection.of("sk")).limit(3);
        Page first = table.query(query);
        List<String> all = new ArrayList<>();
        table.queryAll(query).forEach(i -> all.add(Attributes.string(i, "sk")));

        assertThat(first.hasMore()).isTrue();
        assertThat(first.items()).allSatisfy(i -> assertThat(i.keySet()).containsExactly("sk"));
        assertThat(all).containsExactly("E#0", "E#1", "E#2", "E#4", "E#5", "E#6");
        assertThat(table.query(Query.of(KeyCondition.partition("pk", "P").sortLt("sk", Attributes.s("E#2"))).descending())
                .items()).extracting(i -> Attributes.string(i, "sk")).containsExactly("E#1", "E#0");
    }

    @Test
    void count_pagesThroughEveryMatch_withFilter_andIgnoresTheProjection() {
        IntStream.range(0, 7).forEach(i -> table.put(item("P", "E#" + i, "n", String.valueOf(i))));
        table.put(item("P", "OTHER", "n", "x"));

        Query query = Query.of(KeyCondition.partition("pk", "P").sortBeginsWith("sk", "E#"));
        assertThat(table.count(query)).isEqualTo(7);
        assertThat(table.count(query.limit(2).project(Projection.of("sk")))).as("over four pages").isEqualTo(7);
        assertThat(table.count(query.limit(3).filter(Condition.ne("n", Attributes.s("3"))))).isEqualTo(6);
        assertThat(table.count(Query.of(KeyCondition.partition("pk", "Q")))).isZero();
    }

    @Test
    void scanSegments_coverTheTableOnce() {
        IntStream.range(0, 40).forEach(i -> table.put(item("S" + i, "X", "n", "v")));
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 4; segment++) {
            Page page = table.scan(Scan.segment(segment, 4).filter(Condition.beginsWith("pk", "S")).limit(7));
            while (true) {
                total += page.items().size();
                page.items().forEach(i -> seen.add(Attributes.string(i, "pk")));
                if (!page.hasMore()) {
                    break;
                }
                page = table.scan(Scan.segment(segment, 4).filter(Condition.beginsWith("pk", "S")).limit(7)
                        .startAfter(page.lastEvaluatedKey()));
            }
        }
        assertThat(total).isEqualTo(40);
        assertThat(seen).hasSize(40);
    }

    @Test
    void batchGet_moreThanOneRequestOfKeys_returnsWhatExists() {
        IntStream.range(0, 150).forEach(i -> table.put(item("B" + i, "X", "n", String.valueOf(i))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>(IntStream.range(0, 150).mapToObj(i -> key("B" + i, "X")).toList());
        keys.add(key("missing", "X"));

        List<Map<String, AttributeValue>> items = table.batchGet(keys, Projection.of("pk", "n"));

        assertThat(items).hasSize(150).allSatisfy(i -> assertThat(i.keySet()).containsExactlyInAnyOrder("pk", "n"));
    }

    @Test
    void transaction_conditionFailure_namesTheItemAndWritesNothing() {
        table.put(item("T", "HELD", "state", "CONFIRMED"));
        table.put(item("T", "OTHER", "state", "CONFIRMED"));

        var cancellation = tables.transactions().commit(List.of(
                table.putItem(item("T", "NEW", "state", "PENDING"), Condition.notExists("pk")),
                table.updateItem(key("T", "HELD"), UpdateExpression.create().set("state", "PENDING"),
                        Condition.eq("state", "PENDING")),
                table.conditionCheck(key("T", "OTHER"), Condition.exists("pk"))));

        assertThat(cancellation).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Cancellation.Kind.CONDITION_FAILED);
            assertThat(c.conditionFailedAt(0)).isFalse();
            assertThat(c.conditionFailedAt(1)).isTrue();
            assertThat(c.itemAt(1)).hasValueSatisfying(i -> assertThat(i).containsEntry("state", Attributes.s("CONFIRMED")));
        });
        assertThat(table.get(key("T", "NEW"))).isEmpty();

        assertThat(tables.transactions().commit(List.of(
                table.putItem(item("T", "NEW", "state", "PENDING"), Condition.notExists("pk")),
                table.deleteItem(key("T", "HELD"), Condition.eq("state", "CONFIRMED"))))).isEmpty();
        assertThat(table.get(key("T", "HELD"))).isEmpty();
        assertThat(table.get(key("T", "NEW"))).isPresent();
    }

    @Test
    void delete_returnsTheOldItem_orRefusesOnItsCondition() {
        table.put(item("D", "X", "state", "PENDING"));

        assertThatThrownBy(() -> table.delete(key("D", "X"), Condition.eq("state", "CONFIRMED")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(table.delete(key("D", "X"), null)).hasValueSatisfying(i -> assertThat(i).containsEntry("state", Attributes.s("PENDING")));
        assertThat(table.delete(key("D", "X"), null)).isEmpty();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", Attributes.s(pk), "sk", Attributes.s(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String attribute, String value) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        item.put(attribute, Attributes.s(value));
        return item;
    }
}
