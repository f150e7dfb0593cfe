package dev.userbase.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.DynamoDbException.CancellationReason;
import dev.userbase.dynamodb.model.Value;

/**
 * The three operations against a backend that records what it is asked and answers as scripted:
 * the requests each statement sends, and how answers and errors come back as PartiQL's.
 */
class PartiQlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            // JSON written with ' for its quotes; PartiQL's own string quotes written as `
            return JSON.readTree(text.replace('\'', '"').replace('`', '\''));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private record Call(String operation, ObjectNode request) {
    }

    /** Tables {@code t} (pk) and {@code c} (pk, sk); every other operation answered by {@code answer}. */
    private static final class Recording implements Backend {
        final List<Call> calls = new ArrayList<>();
        Function<Call, ObjectNode> answer = call -> JSON.createObjectNode();

        @Override
        public ObjectNode call(String operation, ObjectNode request) {
            if (operation.equals("DescribeTable")) {
                return switch (request.get("TableName").asText()) {
                    case "t" -> (ObjectNode) json("{'Table':{'TableName':'t','KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}]}}");
                    case "c" -> (ObjectNode) json("""
                            {'Table':{'TableName':'c','KeySchema':[{'AttributeName':'pk','KeyType':'HASH'},
                              {'AttributeName':'sk','KeyType':'RANGE'}]}}""");
                    default -> throw DynamoDbException.resourceNotFound("Requested resource not found: Table: "
                            + request.get("TableName").asText() + " not found");
                };
            }
            Call call = new Call(operation, request.deepCopy());
            calls.add(call);
            return answer.apply(call);
        }

        Call only() {
            assertThat(calls).hasSize(1);
            return calls.get(0);
        }
    }

    private final Recording backend = new Recording();
    private final PartiQl partiQl = new PartiQl(backend);

    private static DynamoDbException error(Runnable r) {
        try {
            r.run();
        } catch (DynamoDbException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    // ---- ExecuteStatement

    @Test
    void select_passesItsReadOptions_andAnswersItemsAndCapacity() {
        backend.answer = call -> (ObjectNode) json("""
                {'Items':[{'pk':{'S':'a'},'m':{'M':{'x':{'N':'1'}}}}],'Count':1,'ScannedCount':1,
                 'ConsumedCapacity':{'TableName':'t','CapacityUnits':0.5}}""");
        ObjectNode response = partiQl.executeStatement(json("""
                {'Statement':'SELECT m.x FROM t WHERE pk = ?','Parameters':[{'S':'a'}],'Limit':5,'ConsistentRead':true,
                 'ReturnConsumedCapacity':'TOTAL'}"""));
        Call call = backend.only();
        assertThat(call.operation()).isEqualTo("Query");
        assertThat(call.request().get("Limit").asInt()).isEqualTo(5);
        assertThat(call.request().get("ConsistentRead").asBoolean()).isTrue();
        assertThat(call.request().get("ReturnConsumedCapacity").asText()).isEqualTo("TOTAL");
        assertThat(response.get("Items")).isEqualTo(json("[{'x':{'N':'1'}}]"));
        assertThat(response.get("ConsumedCapacity")).isEqualTo(json("{'TableName':'t','CapacityUnits':0.5}"));
        assertThat(response.has("NextToken")).isFalse();
    }

    @Test
    void select_withMoreToRead_givesANextTokenThatCarriesTheReadOn() {
        backend.answer = call -> (ObjectNode) json("{'Items':[],'LastEvaluatedKey':{'pk':{'S':'k9'}}}");
        String statement = "{'Statement':'SELECT * FROM t'}";
        ObjectNode first = partiQl.executeStatement(json(statement));
        String token = first.get("NextToken").asText();
        assertThat(first.get("LastEvaluatedKey")).isEqualTo(json("{'pk':{'S':'k9'}}"));
        ObjectNode next = (ObjectNode) json(statement);
        next.put("NextToken", token);
        partiQl.executeStatement(next);
        assertThat(backend.calls.get(1).request().get("ExclusiveStartKey")).isEqualTo(json("{'pk':{'S':'k9'}}"));
    }

    @Test
    void nextToken_ofAnotherStatementOrNotAToken_isRefused() {
        backend.answer = call -> (ObjectNode) json("{'Items':[],'LastEvaluatedKey':{'pk':{'S':'k9'}}}");
        String token = partiQl.executeStatement(json("{'Statement':'SELECT * FROM t'}")).get("NextToken").asText();
        ObjectNode other = (ObjectNode) json("{'Statement':'SELECT * FROM t WHERE x = 1'}");
        other.put("NextToken", token);
        assertThat(error(() -> partiQl.executeStatement(other)).getMessage()).isEqualTo("The provided starting key is invalid");
        assertThat(error(() -> partiQl.executeStatement(json("{'Statement':'SELECT * FROM t','NextToken':'%%%'}"))).getMessage())
                .isEqualTo("Invalid NextToken");
    }

    @Test
    void insert_ofAKeyThatExists_isDuplicateItem() {
        backend.answer = call -> {
            throw DynamoDbException.conditionalCheckFailed(Optional.empty());
        };
        DynamoDbException e = error(() -> partiQl.executeStatement(json("{'Statement':\"INSERT INTO t VALUE {`pk`: `a`}\"}")));
        assertThat(e.type()).isEqualTo("DuplicateItemException");
        assertThat(e.getMessage()).isEqualTo("Duplicate primary key exists in table");
        assertThat(backend.only().operation()).isEqualTo("PutItem");
    }

    @Test
    void writes_answerAnEmptyItemsList_orTheReturnedItem() {
        backend.answer = call -> JSON.createObjectNode();
        assertThat(partiQl.executeStatement(json("{'Statement':\"DELETE FROM t WHERE pk = `a`\"}")).get("Items"))
                .isEqualTo(json("[]"));
        backend.answer = call -> (ObjectNode) json("{'Attributes':{'pk':{'S':'a'},'v':{'N':'2'}}}");
        ObjectNode response = partiQl.executeStatement(json("""
                {'Statement':\"UPDATE t SET v = 2 WHERE pk = `a` RETURNING ALL NEW *\",
                 'ReturnValuesOnConditionCheckFailure':'ALL_OLD'}"""));
        assertThat(response.get("Items")).isEqualTo(json("[{'pk':{'S':'a'},'v':{'N':'2'}}]"));
        assertThat(backend.calls.get(1).request().get("ReturnValues").asText()).isEqualTo("ALL_NEW");
        assertThat(backend.calls.get(1).request().get("ReturnValuesOnConditionCheckFailure").asText()).isEqualTo("ALL_OLD");
    }

    @Test
    void failedCondition_isTheEnginesWithItsItem() {
        backend.answer = call -> {
            throw DynamoDbException.conditionalCheckFailed(Optional.of(Map.of("pk", new Value.S("a"))));
        };
        DynamoDbException e = error(() -> partiQl.executeStatement(json("{'Statement':\"UPDATE t SET v = 2 WHERE pk = `a` AND v = 1\"}")));
        assertThat(e.type()).isEqualTo("ConditionalCheckFailedException");
        assertThat(e.item()).contains(Map.of("pk", new Value.S("a")));
    }

    @Test
    void expressionErrors_loseThePrefixOfTheExpressionTheStatementBecame() {
        backend.answer = call -> {
            throw DynamoDbException.validation("Invalid UpdateExpression: An operand in the update expression has an incorrect data type");
        };
        assertThat(error(() -> partiQl.executeStatement(json("{'Statement':\"UPDATE t SET s = set_add(s, <<`x`>>) WHERE pk = `a`\"}")))
                .getMessage()).isEqualTo("An operand in the update expression has an incorrect data type");
    }

    @Test
    void unknownTable_isResourceNotFound() {
        DynamoDbException e = error(() -> partiQl.executeStatement(json("{'Statement':\"SELECT * FROM \\\"nope\\\" WHERE pk = `x`\"}")));
        assertThat(e.type()).isEqualTo("ResourceNotFoundException");
        assertThat(e.getMessage()).isEqualTo("Requested resource not found");
    }

    @Test
    void requestMembers_areCheckedAsTheServiceChecksThem() {
        assertThat(error(() -> partiQl.executeStatement(json("{}"))).getMessage())
                .isEqualTo("1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null");
        assertThat(error(() -> partiQl.executeStatement(json("{'Statement':'SELECT * FROM t','Parameters':[],'Limit':0}"))).getMessage())
                .isEqualTo("2 validation errors detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have "
                        + "length greater than or equal to 1; Value '0' at 'limit' failed to satisfy constraint: Member must have value "
                        + "greater than or equal to 1");
        assertThat(error(() -> partiQl.executeStatement(json("{'Statement':'x','ReturnConsumedCapacity':'ALL'}"))).getMessage())
                .isEqualTo("1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
        assertThat(error(() -> partiQl.executeStatement(json("{'Statement':'" + "x".repeat(8193) + "'}"))).getMessage())
                .endsWith("at 'statement' failed to satisfy constraint: Member must have length less than or equal to 8192");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void numberParameters_thatAreNotNumbers_areRefusedInDocumentOrder() {
        String select = "{'Statement':'SELECT * FROM t WHERE pk = ? AND x = ?','Parameters':%s}";
        assertThat(error(() -> partiQl.executeStatement(json(select.formatted("[{'S':'a'},{'N':'1e99999999999'}]")))).getMessage())
                .isEqualTo("The parameter cannot be converted to a numeric value: 1e99999999999");
        assertThat(error(() -> partiQl.executeStatement(json(select.formatted("[{'S':'a'},{'N':''}]")))).getMessage())
                .isEqualTo("The parameter cannot be converted to a numeric value");
        assertThat(error(() -> partiQl.executeStatement(json(select.formatted("[{'S':'a'},{'NS':['1','abc']}]")))).getMessage())
                .isEqualTo("The parameter cannot be converted to a numeric value: abc");
        String deep = "{'S':'leaf'}";
        for (int i = 0; i < 40; i++) {
            deep = "{'M':{'n':" + deep + "}}";
        }
        String deepFirst = "[{'M':{'d':" + deep + ",'bad':{'N':'abc'}}},{'S':'x'}]";
        assertThat(error(() -> partiQl.executeStatement(json(select.formatted(deepFirst)))).getMessage())
                .isEqualTo("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        String badFirst = "[{'M':{'bad':{'N':'abc'},'d':" + deep + "}},{'S':'x'}]";
        assertThat(error(() -> partiQl.executeStatement(json(select.formatted(badFirst)))).getMessage())
                .isEqualTo("The parameter cannot be converted to a numeric value: abc");
    }

    // ---- BatchExecuteStatement

    @Test
    void batch_ofReads_getsEachItemByKey() {
        backend.answer = call -> call.request().path("Key").path("pk").path("S").asText().equals("a")
                ? (ObjectNode) json("{'Item':{'pk':{'S':'a'},'d':{'S':'one'}},'ConsumedCapacity':{'TableName':'t','CapacityUnits':1.0}}")
                : (ObjectNode) json("{'ConsumedCapacity':{'TableName':'t','CapacityUnits':1.0}}");
        ObjectNode response = partiQl.batchExecuteStatement(json("""
                {'Statements':[{'Statement':\"SELECT d FROM t WHERE pk = `a`\",'ConsistentRead':true},
                               {'Statement':'SELECT * FROM t WHERE pk = ?','Parameters':[{'S':'none'}]}],
                 'ReturnConsumedCapacity':'TOTAL'}"""));
        assertThat(backend.calls).extracting(Call::operation).containsExactly("GetItem", "GetItem");
        assertThat(backend.calls.get(0).request().get("ConsistentRead").asBoolean()).isTrue();
        assertThat(response.get("Responses")).isEqualTo(json("[{'TableName':'t','Item':{'d':{'S':'one'}}},{'TableName':'t'}]"));
        assertThat(response.get("ConsumedCapacity")).isEqualTo(json("[{'TableName':'t','CapacityUnits':2.0}]"));
    }

    @Test
    void batch_reportsEachStatementsErrorInItsPlace() {
        backend.answer = call -> {
            if (call.request().path("Key").path("pk").path("S").asText().equals("cond")) {
                throw DynamoDbException.conditionalCheckFailed(Optional.of(Map.of("pk", new Value.S("cond"))));
            }
            return JSON.createObjectNode();
        };
        ObjectNode response = partiQl.batchExecuteStatement(json("""
                {'Statements':[{'Statement':\"UPDATE t SET v = 1 WHERE pk = `ok`\"},
                               {'Statement':\"UPDATE \\\"nope\\\" SET v = 1 WHERE pk = `x`\"},
                               {'Statement':\"SLECT * FROM t WHERE pk = `x`\"},
                               {'Statement':\"DELETE FROM t WHERE pk = `cond` AND v = 2\",'ReturnValuesOnConditionCheckFailure':'ALL_OLD'},
                               {'Statement':'UPDATE t SET v = ? WHERE pk = ?','Parameters':[{'N':'abc'},{'S':'p'}]}]}"""));
        JsonNode responses = response.get("Responses");
        assertThat(responses.get(0)).isEqualTo(json("{'TableName':'t'}"));
        assertThat(responses.get(1).get("Error")).isEqualTo(json("{'Code':'ResourceNotFound','Message':'Requested resource not found'}"));
        assertThat(responses.get(2).get("Error")).isEqualTo(json("""
                {'Code':'ValidationError','Message':\"Statement wasn`t well formed, can`t be processed: Expected data manipulation\"}"""));
        assertThat(responses.get(3).get("Error")).isEqualTo(json("""
                {'Code':'ConditionalCheckFailed','Message':'The conditional request failed','Item':{'pk':{'S':'cond'}}}"""));
        assertThat(responses.get(4).get("Error")).isEqualTo(json("""
                {'Code':'ValidationError','Message':'The parameter cannot be converted to a numeric value: abc'}"""));
        assertThat(backend.calls.get(1).request().get("ReturnValuesOnConditionCheckFailure").asText()).isEqualTo("ALL_OLD");
    }

    @Test
    void batch_insertOfAKeyThatExists_isDuplicateItem() {
        backend.answer = call -> {
            throw DynamoDbException.conditionalCheckFailed(Optional.empty());
        };
        ObjectNode response = partiQl.batchExecuteStatement(json("{'Statements':[{'Statement':\"INSERT INTO t VALUE {`pk`: `a`}\"}]}"));
        assertThat(response.get("Responses").get(0).get("Error"))
                .isEqualTo(json("{'Code':'DuplicateItem','Message':'Duplicate primary key exists in table'}"));
    }

    @Test
    void batch_selectWithoutTheFullKey_isRefusedInItsPlace() {
        ObjectNode response = partiQl.batchExecuteStatement(json("""
                {'Statements':[{'Statement':\"SELECT * FROM c WHERE pk = `p`\"},
                               {'Statement':\"SELECT * FROM t WHERE pk = `p` AND attribute_exists(ss)\"}]}"""));
        for (JsonNode entry : response.get("Responses")) {
            assertThat(entry.get("Error")).isEqualTo(json("""
                    {'Code':'ValidationError',
                     'Message':'Select statements within BatchExecuteStatement must specify the primary key in the where clause.'}"""));
        }
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void batch_ofReadsAndWrites_orOfNoneOrTooMany_isRefused() {
        assertThat(error(() -> partiQl.batchExecuteStatement(json("""
                {'Statements':[{'Statement':\"SELECT * FROM t WHERE pk = `a`\"},{'Statement':\"DELETE FROM t WHERE pk = `a`\"}]}""")))
                .getMessage()).isEqualTo("BatchExecuteStatement API does not support both read and write operations in the same request.");
        assertThat(error(() -> partiQl.batchExecuteStatement(json("{'Statements':[]}"))).getMessage())
                .isEqualTo("1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have "
                        + "length greater than or equal to 1");
        StringBuilder many = new StringBuilder("{'Statements':[");
        for (int i = 0; i < 26; i++) {
            many.append(i == 0 ? "" : ",").append("{'Statement':\"DELETE FROM t WHERE pk = `a`\"}");
        }
        assertThat(error(() -> partiQl.batchExecuteStatement(json(many + "]}"))).getMessage())
                .isEqualTo("1 validation error detected: Value at 'statements' failed to satisfy constraint: Member must have "
                        + "length less than or equal to 25");
        assertThat(backend.calls).isEmpty();
    }

    // ---- ExecuteTransaction

    @Test
    void transaction_ofWrites_isOneTransactWriteItems() {
        backend.answer = call -> (ObjectNode) json("{'ConsumedCapacity':[{'TableName':'t','CapacityUnits':4.0}]}");
        ObjectNode response = partiQl.executeTransaction(json("""
                {'TransactStatements':[{'Statement':\"INSERT INTO t VALUE {`pk`: `n`}\"},
                  {'Statement':'UPDATE t SET v = ? WHERE pk = ?','Parameters':[{'N':'1'},{'S':'u'}],'ReturnValuesOnConditionCheckFailure':'ALL_OLD'},
                  {'Statement':\"DELETE FROM t WHERE pk = `d`\"},
                  {'Statement':\"EXISTS(SELECT * FROM t WHERE pk = `e` AND v > 1)\"}],
                 'ClientRequestToken':'tok-1','ReturnConsumedCapacity':'TOTAL'}"""));
        Call call = backend.only();
        assertThat(call.operation()).isEqualTo("TransactWriteItems");
        assertThat(call.request().get("ClientRequestToken").asText()).isEqualTo("tok-1");
        assertThat(call.request().get("ReturnConsumedCapacity").asText()).isEqualTo("TOTAL");
        JsonNode items = call.request().get("TransactItems");
        assertThat(items).hasSize(4);
        assertThat(items.get(0).get("Put").get("ConditionExpression").asText()).isEqualTo("attribute_not_exists(#n0)");
        assertThat(items.get(1).get("Update").get("Key")).isEqualTo(json("{'pk':{'S':'u'}}"));
        assertThat(items.get(1).get("Update").get("ReturnValuesOnConditionCheckFailure").asText()).isEqualTo("ALL_OLD");
        assertThat(items.get(2).get("Delete")).isEqualTo(json("{'TableName':'t','Key':{'pk':{'S':'d'}}}"));
        assertThat(items.get(3).get("ConditionCheck").get("ConditionExpression").asText())
                .isEqualTo("attribute_exists(#n0) AND (#n1 > :v0)");
        assertThat(response).isEqualTo(json("{'Responses':[],'ConsumedCapacity':[{'TableName':'t','CapacityUnits':4.0}]}"));
    }

    @Test
    void transaction_cancelledByAnInsertOfAKeyThatExists_namesItDuplicateItem() {
        backend.answer = call -> {
            throw DynamoDbException.transactionCanceled(List.of(
                    new CancellationReason("ConditionalCheckFailed", "The conditional request failed", Optional.empty()),
                    CancellationReason.NONE,
                    new CancellationReason("ConditionalCheckFailed", "The conditional request failed",
                            Optional.of(Map.of("pk", new Value.S("u"))))));
        };
        DynamoDbException e = error(() -> partiQl.executeTransaction(json("""
                {'TransactStatements':[{'Statement':\"INSERT INTO t VALUE {`pk`: `a`}\"},{'Statement':\"INSERT INTO t VALUE {`pk`: `b`}\"},
                  {'Statement':\"UPDATE t SET v = 1 WHERE pk = `u`\"}]}""")));
        assertThat(e.type()).isEqualTo("TransactionCanceledException");
        assertThat(e.getMessage()).isEqualTo(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [DuplicateItem, None, ConditionalCheckFailed]");
        assertThat(e.reasons().get(0).message()).isEqualTo("Duplicate primary key exists in table");
        assertThat(e.reasons().get(2).item()).contains(Map.of("pk", new Value.S("u")));
    }

    @Test
    void transaction_ofReads_isOneTransactGetItems() {
        backend.answer = call -> (ObjectNode) json("{'Responses':[{'Item':{'pk':{'S':'a'},'x':{'N':'1'}}},{}]}");
        ObjectNode response = partiQl.executeTransaction(json("""
                {'TransactStatements':[{'Statement':\"SELECT x FROM t WHERE pk = `a`\"},
                                       {'Statement':\"SELECT * FROM c WHERE pk = `b` AND sk = `c`\"}]}"""));
        Call call = backend.only();
        assertThat(call.operation()).isEqualTo("TransactGetItems");
        assertThat(call.request().get("TransactItems").get(1)).isEqualTo(json("""
                {'Get':{'TableName':'c','Key':{'pk':{'S':'b'},'sk':{'S':'c'}}}}"""));
        assertThat(response.get("Responses")).isEqualTo(json("[{'Item':{'x':{'N':'1'}}},{}]"));
    }

    @Test
    void transaction_refusals_nameTheStatement() {
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':\"UPDATE t SET v = 1 WHERE pk = `a` RETURNING ALL NEW *\"}]}"))).getMessage())
                .isEqualTo("Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.");
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':\"DELETE FROM t WHERE pk = `a`\"},{'Statement':'SELECT * FROM t WHERE'}]}")))
                .getMessage()).isEqualTo("Validation failed in TransactStatements[1]: Statement wasn't well formed, can't be processed: Unexpected term");
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':\"SELECT * FROM t WHERE pk = `a` AND attribute_exists(ss)\"}]}"))).getMessage())
                .isEqualTo("Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.");
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':\"EXISTS(SELECT * FROM t WHERE pk = `a`)\"}]}"))).getMessage())
                .isEqualTo("Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition");
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':\"UPDATE t SET v = 1 WHERE v = 2\"}]}"))).getMessage())
                .isEqualTo("Validation failed in TransactStatements[0]: Where clause does not contain a mandatory equality on all key attributes");
        assertThat(error(() -> partiQl.executeTransaction(json("""
                {'TransactStatements':[{'Statement':\"SELECT * FROM t WHERE pk = `a`\"},{'Statement':\"DELETE FROM t WHERE pk = `a`\"}]}""")))
                .getMessage()).isEqualTo("ExecuteTransaction API does not support both read and write operations in the same request.");
        assertThat(error(() -> partiQl.executeTransaction(json(
                "{'TransactStatements':[{'Statement':'UPDATE t SET n = ? WHERE pk = 1','Parameters':[{'N':'1e99999999999'}]}]}")))
                .getMessage()).isEqualTo("The parameter cannot be converted to a numeric value: 1e99999999999");
        assertThat(error(() -> partiQl.executeTransaction(json("{'TransactStatements':[]}"))).getMessage())
                .isEqualTo("1 validation error detected: Value '[]' at 'transactStatements' failed to satisfy constraint: Member must "
                        + "have length greater than or equal to 1");
        assertThat(backend.calls).isEmpty();
    }
}
