package dev.userbase.dynamodb.partiql;

import static dev.userbase.dynamodb.partiql.PartiQlEngine.COMPOSITE;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.HASH;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.code;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.failure;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.message;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.n;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.s;
import static dev.userbase.dynamodb.partiql.PartiQlEngine.statements;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * PartiQL through the real AWS SDK, for the statements that become operations with expressions:
 * key conditions and filters of a SELECT, INSERT's condition, UPDATE's update and condition, a
 * DELETE's condition, EXISTS. The behaviour asserted is DynamoDB's, as the DynamoDB Developer Guide
 * and the conformance suite's ground truth describe it.
 */
class PartiQlExpressionsIT {

    private static PartiQlEngine db;

    @BeforeAll
    static void start() {
        db = new PartiQlEngine();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Map<String, AttributeValue> hashKey(String pk) {
        return Map.of("pk", s(pk));
    }

    private static List<String> values(List<Map<String, AttributeValue>> items, String attribute) {
        return items.stream().map(i -> i.get(attribute).s()).sorted().toList();
    }

    // ---- INSERT

    @Test
    void insert_writesTheItem_andAKeyThatExistsIsDuplicateItem() {
        assertThat(db.run("INSERT INTO \"hash\" VALUE {'pk': 'partiql-insert-1', 'data': 'inserted', 'n': 1.50}").items()).isEmpty();
        assertThat(db.get(HASH, hashKey("partiql-insert-1"))).containsEntry("data", s("inserted")).containsEntry("n", n("1.5"));
        DynamoDbException e = failure("DuplicateItemException",
                () -> db.run("INSERT INTO \"hash\" VALUE {'pk': 'partiql-insert-1', 'data': 'second'}"));
        assertThat(message(e)).isEqualTo("Duplicate primary key exists in table");
        assertThat(db.get(HASH, hashKey("partiql-insert-1"))).containsEntry("data", s("inserted"));
    }

    @Test
    void insert_afterADeleteOfTheKey_succeeds() {
        db.run("INSERT INTO \"hash\" VALUE {'pk': 'partiql-reinsert', 'data': 'original'}");
        db.run("DELETE FROM \"hash\" WHERE pk = 'partiql-reinsert'");
        db.run("INSERT INTO \"hash\" VALUE {'pk': 'partiql-reinsert', 'data': 'reinserted'}");
        assertThat(db.get(HASH, hashKey("partiql-reinsert"))).containsEntry("data", s("reinserted"));
    }

    @Test
    void insert_withParameters_bindsThemInOrder() {
        db.run("INSERT INTO \"hash\" VALUE {'pk': ?, 'data': ?, 'ss': <<'a', 'b'>>, 'm': {'l': [1, 'x']}}",
                s("partiql-param-insert-1"), s("param-inserted"));
        Map<String, AttributeValue> item = db.get(HASH, hashKey("partiql-param-insert-1"));
        assertThat(item).containsEntry("data", s("param-inserted"));
        assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(item.get("m").m().get("l").l()).containsExactly(n("1"), s("x"));
    }

    @Test
    void insert_withoutTheKey_isTheEnginesValidationError() {
        DynamoDbException e = failure("ValidationException",
                () -> db.run("INSERT INTO \"hash\" VALUE {'data': 'no key'}"));
        assertThat(message(e)).contains("Missing the key pk");
    }

    // ---- SELECT

    @Test
    void select_byPartitionKey_answersTheItem() {
        db.put(HASH, Map.of("pk", s("partiql-select-1"), "data", s("selectme")));
        ExecuteStatementResponse response = db.run("SELECT * FROM \"hash\" WHERE pk = 'partiql-select-1'");
        assertThat(response.items()).containsExactly(Map.of("pk", s("partiql-select-1"), "data", s("selectme")));
        assertThat(db.run("SELECT * FROM \"hash\" WHERE pk = ?", s("partiql-select-1")).items()).hasSize(1);
        assertThat(db.run("SELECT * FROM \"hash\" WHERE pk = 'partiql-nonexistent-key'").items()).isEmpty();
    }

    @Test
    void select_withAComparison_filters() {
        db.put(HASH, Map.of("pk", s("partiql-cmp-1"), "age", n("30")));
        assertThat(db.run("SELECT * FROM \"hash\" WHERE pk = 'partiql-cmp-1' AND age > 20").items()).hasSize(1);
        assertThat(db.run("SELECT * FROM \"hash\" WHERE pk = 'partiql-cmp-1' AND age > 40").items()).isEmpty();
        assertThat(db.run("SELECT * FROM \"hash\" WHERE pk = 'partiql-cmp-1' AND age BETWEEN 29 AND 31").items()).hasSize(1);
    }

    @Test
    void select_ofPaths_answersEachUnderItsLastName() {
        db.put(HASH, Map.of("pk", s("partiql-nested"), "mymap", AttributeValue.fromM(Map.of("nested", s("deep"))),
                "l", AttributeValue.fromL(List.of(s("zero"), s("one"))), "extra", s("should-not-appear")));
        assertThat(db.run("SELECT mymap.nested, l[1] FROM \"hash\" WHERE pk = 'partiql-nested'").items())
                .containsExactly(Map.of("nested", s("deep"), "l[1]", s("one")));
        Map<String, AttributeValue> item = db.run("SELECT pk, mymap FROM \"hash\" WHERE pk = 'partiql-nested'").items().get(0);
        assertThat(item).containsOnlyKeys("pk", "mymap");
    }

    @Test
    void select_withBeginsWithOnTheSortKey_queriesTheRange() {
        for (String sk : List.of("prefix-alpha", "prefix-beta", "other-gamma")) {
            db.put(COMPOSITE, Map.of("pk", s("partiql-bw-test"), "sk", s(sk), "data", s(sk)));
        }
        List<Map<String, AttributeValue>> items = db.run(
                "SELECT * FROM \"composite\" WHERE pk = 'partiql-bw-test' AND begins_with(\"sk\", 'prefix-')").items();
        assertThat(values(items, "sk")).containsExactly("prefix-alpha", "prefix-beta");
        // a negated sort-key condition runs too, as a filtered read
        assertThat(values(db.run("SELECT * FROM composite WHERE pk = 'partiql-bw-test' AND NOT begins_with(sk, 'prefix-')").items(), "sk"))
                .containsExactly("other-gamma");
        assertThat(values(db.run("SELECT * FROM composite WHERE pk = 'partiql-bw-test' AND sk <> 'prefix-beta'").items(), "sk"))
                .containsExactly("other-gamma", "prefix-alpha");
    }

    @Test
    void select_orderBy_ordersBySortKey() {
        for (String sk : List.of("1", "2", "3")) {
            db.put(COMPOSITE, Map.of("pk", s("pq-order"), "sk", s(sk)));
        }
        assertThat(db.run("SELECT * FROM composite WHERE pk = 'pq-order' ORDER BY sk DESC").items())
                .extracting(i -> i.get("sk").s()).containsExactly("3", "2", "1");
        assertThat(db.run("SELECT * FROM composite WHERE pk = 'pq-order' ORDER BY sk ASC").items())
                .extracting(i -> i.get("sk").s()).containsExactly("1", "2", "3");
    }

    @Test
    void select_withInOrOrOnThePartitionKey_readsEachItem() {
        db.put(HASH, Map.of("pk", s("pq-in-a"), "kind", s("alpha")));
        db.put(HASH, Map.of("pk", s("pq-in-b"), "kind", s("beta")));
        assertThat(values(db.run("SELECT * FROM \"hash\" WHERE pk IN ['pq-in-a', 'pq-in-b']").items(), "pk"))
                .containsExactly("pq-in-a", "pq-in-b");
        assertThat(values(db.run("SELECT * FROM \"hash\" WHERE pk = 'pq-in-a' OR pk = 'pq-in-b'").items(), "pk"))
                .containsExactly("pq-in-a", "pq-in-b");
        assertThat(values(db.run("SELECT * FROM \"hash\" WHERE pk IN ['pq-in-a','pq-in-b'] AND NOT begins_with(\"kind\", 'al')")
                .items(), "pk")).containsExactly("pq-in-b");
    }

    @Test
    void select_withConditionFunctions_filters() {
        db.put(HASH, Map.of("pk", s("pq-fn-item"), "ss", AttributeValue.fromSs(List.of("a", "b", "c")), "s", s("str"),
                "nul", AttributeValue.fromNul(true), "flag", AttributeValue.fromBool(true)));
        String where = "SELECT pk FROM \"hash\" WHERE pk = 'pq-fn-item' AND ";
        assertThat(db.run(where + "attribute_exists(ss)").items()).hasSize(1);
        assertThat(db.run(where + "attribute_exists(nope)").items()).isEmpty();
        assertThat(db.run(where + "ATTRIBUTE_NOT_EXISTS(nope) = true").items()).hasSize(1);
        assertThat(db.run(where + "\"kind\" IS NOT MISSING").items()).isEmpty();
        assertThat(db.run(where + "nope IS MISSING").items()).hasSize(1);
        assertThat(db.run(where + "size(s) = 3").items()).hasSize(1);
        assertThat(db.run(where + "contains(ss, 'b')").items()).hasSize(1);
        assertThat(db.run(where + "attribute_type(ss, 'SS')").items()).hasSize(1);
        assertThat(db.run(where + "nul IS NULL").items()).hasSize(1);
        assertThat(db.run(where + "s IS NULL").items()).isEmpty();
        assertThat(db.run(where + "flag IS BOOL AND s IS STRING").items()).hasSize(1);
        assertThat(db.run("SELECT pk FROM \"hash\" WHERE attribute_exists(flag) AND s = 'str'").items())
                .containsExactly(Map.of("pk", s("pq-fn-item")));
    }

    @Test
    void select_throughAnIndex_queriesOrScansIt() {
        db.put(COMPOSITE, Map.of("pk", s("pq-idx-select"), "sk", s("s1"), "lsi1sk", s("pq-gsi-a"), "data", s("one")));
        assertThat(db.run("SELECT * FROM \"composite\".\"gsi1\" WHERE lsi1sk = 'pq-gsi-a'").items())
                .singleElement().satisfies(i -> assertThat(i).containsEntry("pk", s("pq-idx-select")));
        assertThat(db.run("SELECT * FROM \"composite\".\"gsi1\" WHERE pk = 'pq-idx-select'").items()).hasSize(1);
        // a local index reaches the table's item for what it does not project
        assertThat(db.client.executeStatement(b -> b.statement(
                "SELECT data FROM \"composite\".\"lsi1\" WHERE pk = 'pq-idx-select' AND lsi1sk = 'pq-gsi-a'").consistentRead(true))
                .items()).containsExactly(Map.of("data", s("one")));
    }

    @Test
    void select_byPartitionKey_pagesWithLimitAndNextToken() {
        for (int i = 0; i < 5; i++) {
            db.put(COMPOSITE, Map.of("pk", s("pq-pages"), "sk", s("s" + i)));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ExecuteStatementResponse page = db.client.executeStatement(b -> b.statement(
                    "SELECT sk FROM composite WHERE pk = 'pq-pages'").limit(2).nextToken(next));
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("s0", "s1", "s2", "s3", "s4");
    }

    @Test
    void select_orderingABool_isTheExpressionLanguagesRefusal() {
        DynamoDbException e = failure("ValidationException",
                () -> db.run("SELECT pk FROM \"hash\" WHERE pk = ? AND val < ?", s("x"),
                        AttributeValue.fromBool(true)));
        assertThat(message(e)).startsWith("Incorrect operand type for operator or function; operator or function: <");
    }

    // ---- UPDATE

    @Test
    void update_setsAndRemoves() {
        db.put(HASH, Map.of("pk", s("partiql-update-1"), "data", s("before"), "myattr", s("to-remove"), "keep", s("stay")));
        assertThat(db.run("UPDATE \"hash\" SET data = 'after' REMOVE myattr WHERE pk = 'partiql-update-1'").items()).isEmpty();
        assertThat(db.get(HASH, hashKey("partiql-update-1"))).isEqualTo(Map.of("pk", s("partiql-update-1"),
                "data", s("after"), "keep", s("stay")));
        db.run("FROM \"hash\" WHERE pk = ? SET c = ?", s("partiql-update-1"), n("7"));
        assertThat(db.get(HASH, hashKey("partiql-update-1"))).containsEntry("c", n("7"));
    }

    @Test
    void update_ofAMissingItem_failsItsConditionAndCreatesNothing() {
        failure("ConditionalCheckFailedException", () -> db.run("UPDATE \"hash\" SET data = 'x' WHERE pk = 'pq-update-absent'"));
        assertThat(db.get(HASH, hashKey("pq-update-absent"))).isNull();
    }

    @Test
    void writes_withMoreThanTheKey_areConditional() {
        db.put(HASH, Map.of("pk", s("pq-pred"), "name", s("alpha"), "n", n("5")));
        DynamoDbException update = failure(() -> db.client.executeStatement(b -> b
                .statement("UPDATE \"hash\" SET n = 9 WHERE pk = 'pq-pred' AND \"name\" = 'beta'")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThat(code(update)).isEqualTo("ConditionalCheckFailedException");
        assertThat(db.get(HASH, hashKey("pq-pred"))).containsEntry("n", n("5"));
        db.run("UPDATE \"hash\" SET n = 9 WHERE pk = 'pq-pred' AND \"name\" = 'alpha'");
        assertThat(db.get(HASH, hashKey("pq-pred"))).containsEntry("n", n("9"));
        DynamoDbException delete = failure(() -> db.run("DELETE FROM \"hash\" WHERE pk = 'pq-pred' AND NOT begins_with(\"name\", 'al')"));
        assertThat(code(delete)).isEqualTo("ConditionalCheckFailedException");
        assertThat(db.get(HASH, hashKey("pq-pred"))).isNotNull();
        db.run("DELETE FROM \"hash\" WHERE pk = 'pq-pred' AND NOT begins_with(\"name\", 'zz')");
        assertThat(db.get(HASH, hashKey("pq-pred"))).isNull();
        // a missing item is never checked: deleting it succeeds
        db.run("DELETE FROM \"hash\" WHERE pk = 'pq-pred' AND \"name\" = 'x'");
    }

    @Test
    void update_returning_answersTheItemAsAsked() {
        db.put(HASH, Map.of("pk", s("pq-ret"), "data", s("old"), "keep", s("same")));
        assertThat(db.run("UPDATE \"hash\" SET data = 'new' WHERE pk = 'pq-ret' RETURNING ALL OLD *").items())
                .containsExactly(Map.of("pk", s("pq-ret"), "data", s("old"), "keep", s("same")));
        assertThat(db.run("UPDATE \"hash\" SET data = 'newer' WHERE pk = 'pq-ret' RETURNING MODIFIED OLD *").items())
                .containsExactly(Map.of("data", s("new")));
        assertThat(db.run("UPDATE \"hash\" SET data = 'newest' WHERE pk = 'pq-ret' RETURNING ALL NEW *").items())
                .containsExactly(Map.of("pk", s("pq-ret"), "data", s("newest"), "keep", s("same")));
        assertThat(db.run("UPDATE \"hash\" SET data = 'last' WHERE pk = 'pq-ret' RETURNING MODIFIED NEW *").items())
                .containsExactly(Map.of("data", s("last")));
        assertThat(db.run("UPDATE \"hash\" REMOVE data WHERE pk = 'pq-ret' RETURNING MODIFIED NEW *").items()).isEmpty();
    }

    @Test
    void update_setFunctionsListAppendAndArithmetic() {
        db.put(HASH, Map.of("pk", s("pq-set"), "ss", AttributeValue.fromSs(List.of("a", "b")), "n", n("1"),
                "l", AttributeValue.fromL(List.of(n("1")))));
        db.run("UPDATE \"hash\" SET ss = set_add(ss, <<'c'>>) SET n = n + 1, l = list_append(l, [2]) WHERE pk = 'pq-set'");
        Map<String, AttributeValue> item = db.get(HASH, hashKey("pq-set"));
        assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(item.get("n")).isEqualTo(n("2"));
        assertThat(item.get("l").l()).containsExactly(n("1"), n("2"));
        db.run("UPDATE \"hash\" SET ss = set_delete(ss, <<'a', 'b', 'c'>>) WHERE pk = 'pq-set'");
        assertThat(db.get(HASH, hashKey("pq-set"))).doesNotContainKey("ss");
        DynamoDbException e = failure(() -> db.run("UPDATE \"hash\" SET n = set_add(n, <<'x'>>) WHERE pk = 'pq-set'"));
        assertThat(message(e)).isEqualTo("An operand in the update expression has an incorrect data type");
    }

    @Test
    void update_ofAKeyAttribute_isRefused() {
        db.put(HASH, Map.of("pk", s("pq-key-update")));
        DynamoDbException e = failure("ValidationException",
                () -> db.run("UPDATE \"hash\" SET pk = 'other' WHERE pk = 'pq-key-update'"));
        assertThat(message(e)).contains("Cannot update attribute pk. This attribute is part of the key");
    }

    // ---- BatchExecuteStatement

    @Test
    void batch_ofInsertAndUpdate_appliesBoth() {
        db.put(HASH, Map.of("pk", s("batch-upd-1"), "data", s("before")));
        db.put(HASH, Map.of("pk", s("batch-dup")));
        BatchExecuteStatementResponse response = db.batch("INSERT INTO \"hash\" VALUE {'pk': 'batch-ins-1', 'data': 'new'}",
                "UPDATE \"hash\" SET data = 'after' WHERE pk = 'batch-upd-1' RETURNING MODIFIED NEW *",
                "INSERT INTO \"hash\" VALUE {'pk': 'batch-dup'}");
        assertThat(response.responses()).hasSize(3);
        assertThat(response.responses().get(0).error()).isNull();
        assertThat(response.responses().get(1).item()).isEqualTo(Map.of("data", s("after")));
        assertThat(response.responses().get(2).error().codeAsString()).isEqualTo("DuplicateItem");
        assertThat(db.get(HASH, hashKey("batch-ins-1"))).containsEntry("data", s("new"));
        assertThat(db.get(HASH, hashKey("batch-upd-1"))).containsEntry("data", s("after"));
    }

    // ---- ExecuteTransaction

    private static TransactionCanceledException cancelled(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        DynamoDbException e = failure(call);
        assertThat(e).isInstanceOf(TransactionCanceledException.class);
        return (TransactionCanceledException) e;
    }

    @Test
    void transaction_ofInsertAndUpdate_appliesBoth() {
        db.put(HASH, Map.of("pk", s("txn-update-1"), "data", s("before")));
        var response = db.client.executeTransaction(b -> b.transactStatements(statements(
                "INSERT INTO \"hash\" VALUE {'pk': 'txn-insert-1', 'data': 'txn-new'}",
                "UPDATE \"hash\" SET data = 'txn-after' WHERE pk = 'txn-update-1'")));
        assertThat(response.responses()).isEmpty();
        assertThat(db.get(HASH, hashKey("txn-insert-1"))).containsEntry("data", s("txn-new"));
        assertThat(db.get(HASH, hashKey("txn-update-1"))).containsEntry("data", s("txn-after"));
    }

    @Test
    void transaction_withADuplicateInsert_changesNothing() {
        db.put(HASH, Map.of("pk", s("txn-dup-1"), "data", s("existing")));
        TransactionCanceledException e = cancelled(() -> db.client.executeTransaction(b -> b
                .transactStatements(statements("INSERT INTO \"hash\" VALUE {'pk': 'txn-dup-1', 'data': 'should-fail'}",
                        "INSERT INTO \"hash\" VALUE {'pk': 'txn-dup-2', 'data': 'should-rollback'}"))));
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("DuplicateItem", "None");
        assertThat(db.get(HASH, hashKey("txn-dup-2"))).isNull();
        assertThat(db.get(HASH, hashKey("txn-dup-1"))).containsEntry("data", s("existing"));
    }

    @Test
    void transaction_ofInserts_insertsAll() {
        db.client.executeTransaction(b -> b.transactStatements(statements(
                "INSERT INTO \"hash\" VALUE {'pk': 'txn-multi-1', 'data': 'a'}",
                "INSERT INTO \"hash\" VALUE {'pk': 'txn-multi-2', 'data': 'b'}",
                "INSERT INTO \"hash\" VALUE {'pk': 'txn-multi-3', 'data': 'c'}")));
        assertThat(db.get(HASH, hashKey("txn-multi-1"))).containsEntry("data", s("a"));
        assertThat(db.get(HASH, hashKey("txn-multi-2"))).containsEntry("data", s("b"));
        assertThat(db.get(HASH, hashKey("txn-multi-3"))).containsEntry("data", s("c"));
    }

    @Test
    void transaction_existsIsAConditionOnTheWrite() {
        db.put(HASH, Map.of("pk", s("txn-exists-guard"), "open", AttributeValue.fromBool(false)));
        TransactionCanceledException e = cancelled(() -> db.client.executeTransaction(b -> b
                .transactStatements(statements("EXISTS(SELECT * FROM \"hash\" WHERE pk = 'txn-exists-guard' AND \"open\" = true)",
                        "INSERT INTO \"hash\" VALUE {'pk': 'txn-exists-new'}"))));
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("ConditionalCheckFailed", "None");
        assertThat(db.get(HASH, hashKey("txn-exists-new"))).isNull();
        db.put(HASH, Map.of("pk", s("txn-exists-guard"), "open", AttributeValue.fromBool(true)));
        db.client.executeTransaction(b -> b.transactStatements(statements(
                "EXISTS(SELECT * FROM \"hash\" WHERE pk = 'txn-exists-guard' AND \"open\" = true)",
                "INSERT INTO \"hash\" VALUE {'pk': 'txn-exists-new'}")));
        assertThat(db.get(HASH, hashKey("txn-exists-new"))).isNotNull();
    }

    @Test
    void transaction_replayedWithItsToken_appliesOnce() {
        db.run("INSERT INTO \"hash\" VALUE {'pk': 'txn-idem', 'n': 0}");
        List<ParameterizedStatement> increment = statements("UPDATE \"hash\" SET n = n + 1 WHERE pk = 'txn-idem'");
        db.client.executeTransaction(b -> b.transactStatements(increment).clientRequestToken("et-idem-token"));
        db.client.executeTransaction(b -> b.transactStatements(increment).clientRequestToken("et-idem-token"));
        assertThat(db.get(HASH, hashKey("txn-idem"))).containsEntry("n", n("1"));
    }

    @Test
    void transaction_updateOfAMissingItem_cancelsIt() {
        TransactionCanceledException e = cancelled(() -> db.client.executeTransaction(b -> b
                .transactStatements(statements("INSERT INTO \"hash\" VALUE {'pk': 'txn-missing-new'}",
                        "UPDATE \"hash\" SET a = 1 WHERE pk = 'txn-missing-target'"))));
        assertThat(code(e)).isEqualTo("TransactionCanceledException");
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed");
        assertThat(db.get(HASH, hashKey("txn-missing-new"))).isNull();
    }
}
