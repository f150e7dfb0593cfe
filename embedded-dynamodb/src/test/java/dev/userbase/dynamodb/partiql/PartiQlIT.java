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
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * PartiQL through the real AWS SDK, against the engine: the statements that become operations
 * without expressions (key reads and deletes, scans, transactions of reads and deletes), and every
 * refusal made before an operation runs.
 */
class PartiQlIT {

    private static PartiQlEngine db;

    @BeforeAll
    static void start() {
        db = new PartiQlEngine();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    // ---- reads and deletes

    @Test
    void delete_byKey_removesTheItem_andAnswersAnEmptyItemsList() {
        db.put(HASH, Map.of("pk", s("it-delete"), "data", s("gone")));
        ExecuteStatementResponse response = db.run("DELETE FROM \"hash\" WHERE pk = 'it-delete'");
        assertThat(response.hasItems()).isTrue();
        assertThat(response.items()).isEmpty();
        assertThat(db.get(HASH, Map.of("pk", s("it-delete")))).isNull();
        // deleting it again deletes nothing and succeeds
        assertThat(db.run("DELETE FROM \"hash\" WHERE pk = 'it-delete'").items()).isEmpty();
    }

    @Test
    void delete_returningAllOld_answersTheDeletedItem() {
        db.put(COMPOSITE, Map.of("pk", s("it-del-ret"), "sk", s("1"), "n", n("7")));
        ExecuteStatementResponse response = db.run("DELETE FROM composite WHERE pk = ? AND sk = ? RETURNING ALL OLD *",
                s("it-del-ret"), s("1"));
        assertThat(response.items()).containsExactly(Map.of("pk", s("it-del-ret"), "sk", s("1"), "n", n("7")));
        assertThat(db.run("DELETE FROM composite WHERE pk = 'it-del-ret' AND sk = '1' RETURNING ALL OLD *").items()).isEmpty();
    }

    @Test
    void delete_returningAnythingElse_isRefusedAndDeletesNothing() {
        db.put(HASH, Map.of("pk", s("it-del-modold"), "data", s("x")));
        DynamoDbException e = failure("ValidationException",
                () -> db.run("DELETE FROM \"hash\" WHERE pk = 'it-del-modold' RETURNING MODIFIED OLD *"));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(message(e)).isEqualTo(
                "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
        assertThat(db.get(HASH, Map.of("pk", s("it-del-modold")))).isNotNull();
    }

    @Test
    void select_withoutWhere_readsTheWholeTable_pageByPage() {
        for (int i = 0; i < 7; i++) {
            db.put(COMPOSITE, Map.of("pk", s("it-scan"), "sk", s("s" + i)));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = db.client.executeStatement(b -> b.statement("SELECT * FROM composite").limit(3)
                    .nextToken(next).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            assertThat(page.consumedCapacity().tableName()).isEqualTo(COMPOSITE);
            items.addAll(page.items());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(items.stream().filter(i -> i.get("pk").s().equals("it-scan"))).hasSize(7);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void nextToken_ofAnotherStatement_isRefused() {
        db.put(HASH, Map.of("pk", s("it-token-1")));
        db.put(HASH, Map.of("pk", s("it-token-2")));
        String token = db.client.executeStatement(b -> b.statement("SELECT * FROM \"hash\"").limit(1)).nextToken();
        assertThat(token).isNotNull();
        DynamoDbException e = failure(() -> db.client.executeStatement(b -> b.statement("SELECT pk FROM \"hash\"").nextToken(token)));
        assertThat(message(e)).isEqualTo("The provided starting key is invalid");
    }

    @Test
    void batch_ofSelectsByKey_answersEachItem() {
        db.put(HASH, Map.of("pk", s("batch-sel-1"), "data", s("one")));
        db.put(HASH, Map.of("pk", s("batch-sel-2"), "data", s("two")));
        BatchExecuteStatementResponse response = db.batch("SELECT * FROM \"hash\" WHERE pk = 'batch-sel-1'",
                "SELECT * FROM \"hash\" WHERE pk = 'batch-sel-2'", "SELECT * FROM \"hash\" WHERE pk = 'batch-sel-none'");
        assertThat(response.responses()).hasSize(3);
        assertThat(response.responses().get(0).item()).containsEntry("data", s("one"));
        assertThat(response.responses().get(1).item()).containsEntry("data", s("two"));
        assertThat(response.responses().get(2).hasItem()).isFalse();
        assertThat(response.responses().get(2).tableName()).isEqualTo(HASH);
        assertThat(response.responses()).allSatisfy(r -> assertThat(r.error()).isNull());
    }

    @Test
    void batch_withAFailingStatement_answersItsErrorInItsPlace() {
        db.put(HASH, Map.of("pk", s("batch-partial-1"), "data", s("exists")));
        BatchExecuteStatementResponse response = db.batch("SELECT * FROM \"hash\" WHERE pk = 'batch-partial-1'",
                "SELECT * FROM \"_conformance_nonexistent_table\" WHERE pk = 'x'", "SLECT * FROM \"hash\" WHERE pk = 'x'",
                "SELECT * FROM composite WHERE pk = 'x'", "SELECT * FROM composite.gsi1 WHERE lsi1sk = 'x'");
        assertThat(response.responses().get(0).error()).isNull();
        assertThat(response.responses().get(0).item()).containsEntry("data", s("exists"));
        assertThat(response.responses().get(1).error().codeAsString()).isEqualTo("ResourceNotFound");
        assertThat(response.responses().get(2).error().codeAsString()).isEqualTo("ValidationError");
        assertThat(response.responses().get(2).error().message())
                .isEqualTo("Statement wasn't well formed, can't be processed: Expected data manipulation");
        for (int i = 3; i < 5; i++) {
            assertThat(response.responses().get(i).error().codeAsString()).isEqualTo("ValidationError");
            assertThat(response.responses().get(i).error().message())
                    .isEqualTo("Select statements within BatchExecuteStatement must specify the primary key in the where clause.");
        }
    }

    @Test
    void batch_ofDeletes_deletesEachItem() {
        db.put(HASH, Map.of("pk", s("batch-del-1")));
        db.put(HASH, Map.of("pk", s("batch-del-2")));
        BatchExecuteStatementResponse response = db.batch("DELETE FROM \"hash\" WHERE pk = 'batch-del-1'",
                "DELETE FROM \"hash\" WHERE pk = 'batch-del-2' RETURNING ALL OLD *");
        assertThat(response.responses().get(0).error()).isNull();
        assertThat(response.responses().get(1).item()).isEqualTo(Map.of("pk", s("batch-del-2")));
        assertThat(db.get(HASH, Map.of("pk", s("batch-del-1")))).isNull();
        assertThat(db.get(HASH, Map.of("pk", s("batch-del-2")))).isNull();
    }

    @Test
    void batch_emptyOrMixed_isRefused() {
        DynamoDbException empty = failure(() -> db.client.batchExecuteStatement(b -> b.statements(List.of())));
        assertThat(code(empty)).isEqualTo("ValidationException");
        DynamoDbException mixed = failure(() -> db.batch("SELECT * FROM \"hash\" WHERE pk = 'a'", "DELETE FROM \"hash\" WHERE pk = 'a'"));
        assertThat(code(mixed)).isEqualTo("ValidationException");
    }

    @Test
    void transaction_ofSelectsByKey_readsEachItem() {
        db.put(HASH, Map.of("pk", s("txn-read-1"), "data", s("a")));
        var response = db.client.executeTransaction(b -> b.transactStatements(statements(
                "SELECT * FROM \"hash\" WHERE pk = 'txn-read-1'", "SELECT * FROM \"hash\" WHERE pk = 'txn-read-none'")));
        assertThat(response.responses()).hasSize(2);
        assertThat(response.responses().get(0).item()).containsEntry("data", s("a"));
        assertThat(response.responses().get(1).hasItem()).isFalse();
    }

    @Test
    void transaction_ofDeletes_deletesAll_andATokenRunsItOnce() {
        db.put(HASH, Map.of("pk", s("txn-del-1")));
        db.put(HASH, Map.of("pk", s("txn-del-2")));
        List<ParameterizedStatement> deletes = statements("DELETE FROM \"hash\" WHERE pk = 'txn-del-1'",
                "DELETE FROM \"hash\" WHERE pk = 'txn-del-2'");
        var response = db.client.executeTransaction(b -> b.transactStatements(deletes).clientRequestToken("txn-del-token"));
        assertThat(response.responses()).isEmpty();
        assertThat(db.get(HASH, Map.of("pk", s("txn-del-1")))).isNull();
        assertThat(db.get(HASH, Map.of("pk", s("txn-del-2")))).isNull();
        // the same token and statements again: a replay; with other statements: a mismatch
        db.client.executeTransaction(b -> b.transactStatements(deletes).clientRequestToken("txn-del-token"));
        DynamoDbException mismatch = failure(() -> db.client.executeTransaction(b -> b.clientRequestToken("txn-del-token")
                .transactStatements(statements("DELETE FROM \"hash\" WHERE pk = 'txn-del-3'"))));
        assertThat(code(mismatch)).isEqualTo("IdempotentParameterMismatchException");
    }

    @Test
    void transaction_refusals_comeBeforeAnyWrite() {
        db.put(HASH, Map.of("pk", s("txn-ret-reject"), "data", s("txnold")));
        DynamoDbException returning = failure(() -> db.client.executeTransaction(b -> b.transactStatements(statements(
                "DELETE FROM \"hash\" WHERE pk = 'txn-ret-reject' RETURNING ALL OLD *"))));
        assertThat(message(returning)).isEqualTo(
                "Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.");
        DynamoDbException mixed = failure(() -> db.client.executeTransaction(b -> b.transactStatements(statements(
                "DELETE FROM \"hash\" WHERE pk = 'txn-ret-reject'", "SELECT * FROM \"hash\" WHERE pk = 'a'"))));
        assertThat(message(mixed)).isEqualTo("ExecuteTransaction API does not support both read and write operations in the same request.");
        DynamoDbException empty = failure(() -> db.client.executeTransaction(b -> b.transactStatements(List.of())));
        assertThat(code(empty)).isEqualTo("ValidationException");
        assertThat(db.get(HASH, Map.of("pk", s("txn-ret-reject")))).containsEntry("data", s("txnold"));
    }

    // ---- refusals

    @Test
    void syntaxError_isAValidationException() {
        DynamoDbException e = failure("ValidationException", () -> db.run("SELECTT * FROMM \"hash\""));
        assertThat(message(e)).startsWith("Statement wasn't well formed, can't be processed: ");
        assertThat(message(failure(() -> db.run("SELECT * FROM \"hash\" WHERE pk = 'x' foo"))))
                .isEqualTo("Statement wasn't well formed, can't be processed: Unexpected token after expression");
        assertThat(message(failure(() -> db.run("SELECT * FROM \"hash\" t WHERE pk = 'x'")))).isEqualTo("Aliasing is not supported");
    }

    @Test
    void unknownTable_isResourceNotFound() {
        DynamoDbException e = failure("ResourceNotFoundException",
                () -> db.run("SELECT * FROM \"_conformance_nonexistent_table\" WHERE pk = 'x'"));
        assertThat(message(e)).isEqualTo("Requested resource not found");
    }

    @Test
    void writeWithoutTheKey_isRefused() {
        assertThat(message(failure(() -> db.run("DELETE FROM \"hash\" WHERE \"name\" = 'alpha'"))))
                .isEqualTo("Where clause does not contain a mandatory equality on all key attributes");
    }

    @Test
    void unknownIndex_andUnprojectedAttributes_areRefused() {
        assertThat(message(failure(() -> db.run("SELECT * FROM composite.nope WHERE pk = 'x'"))))
                .isEqualTo("The table does not have the specified index: nope");
        assertThat(message(failure(() -> db.run("SELECT alternate, mymap, data FROM composite.gsi2 WHERE lsi1sk = 'x'"))))
                .isEqualTo("One or more parameter values were invalid: Global secondary index gsi2 does not project [alternate, mymap]");
    }

    @Test
    void parameters_tooFewOrNotNumbers_areRefused() {
        assertThat(message(failure(() -> db.run("SELECT * FROM \"hash\" WHERE pk = ? AND n = ?", s("a")))))
                .isEqualTo("Number of parameters in request and statement don't match.");
        assertThat(message(failure(() -> db.run("SELECT * FROM \"hash\" WHERE pk = ? AND n = ?", s("a"), n("1e99999999999")))))
                .isEqualTo("The parameter cannot be converted to a numeric value: 1e99999999999");
        assertThat(message(failure(() -> db.run("SELECT * FROM \"hashN\" WHERE pk = 1e126"))))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range under root");
    }
}
