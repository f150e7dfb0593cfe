package dev.userbase.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.model.Value;

/** The request each statement becomes, asserted as JSON. */
class TranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code t}: pk (hash); {@code c}: pk, sk, a GSI on g (KEYS_ONLY) and one on h (INCLUDE x), an LSI on l. */
    private static final TableInfo HASH = new TableInfo("t", new TableInfo.Keys("pk", null), Map.of());
    private static final TableInfo COMPOSITE = new TableInfo("c", new TableInfo.Keys("pk", "sk"), Map.of(
            "gsi", new TableInfo.Index("gsi", new TableInfo.Keys("g", null), true, "KEYS_ONLY", List.of()),
            "inc", new TableInfo.Index("inc", new TableInfo.Keys("h", "sk"), true, "INCLUDE", List.of("x")),
            "lsi", new TableInfo.Index("lsi", new TableInfo.Keys("pk", "l"), false, "KEYS_ONLY", List.of())));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Ast.Statement parse(String statement, Value... parameters) {
        return Parser.parse(statement, List.of(parameters));
    }

    private static Translator.Read select(String statement, TableInfo table, Value... parameters) {
        return Translator.select((Ast.Select) parse(statement, parameters), table);
    }

    private static Translator.Read keyRead(String statement, TableInfo table) {
        return Translator.keyRead((Ast.Select) parse(statement), table);
    }

    private static ObjectNode insert(String statement, TableInfo table, Value... parameters) {
        return Translator.insert((Ast.Insert) parse(statement, parameters), table);
    }

    private static ObjectNode update(String statement, TableInfo table, Value... parameters) {
        return Translator.update((Ast.Update) parse(statement, parameters), table);
    }

    private static ObjectNode delete(String statement, TableInfo table) {
        return Translator.delete((Ast.Delete) parse(statement), table);
    }

    private static ObjectNode conditionCheck(String statement, TableInfo table) {
        return Translator.conditionCheck((Ast.Exists) parse(statement), table);
    }

    // ---- SELECT

    @Test
    void select_withPartitionKeyEquality_isAQuery() {
        Translator.Read read = select("SELECT * FROM t WHERE pk = 'a'", HASH);
        assertThat(read.operation()).isEqualTo("Query");
        assertThat(read.request()).isEqualTo(json("""
                {'TableName':'t','KeyConditionExpression':'#n0 = :v0',
                 'ExpressionAttributeNames':{'#n0':'pk'},'ExpressionAttributeValues':{':v0':{'S':'a'}}}"""));
    }

    @Test
    void select_withValueFirstEquality_isStillAQuery() {
        assertThat(select("SELECT * FROM t WHERE 'a' = pk", HASH).operation()).isEqualTo("Query");
    }

    @Test
    void select_restOfTheWhere_isTheQuerysFilter() {
        Translator.Read read = select("SELECT * FROM t WHERE pk = 'a' AND age > 20 AND (x = 1 OR y IS MISSING)", HASH);
        assertThat(read.request()).isEqualTo(json("""
                {'TableName':'t','KeyConditionExpression':'#n0 = :v0',
                 'FilterExpression':'#n1 > :v1 AND (#n2 = :v2 OR attribute_not_exists(#n3))',
                 'ExpressionAttributeNames':{'#n0':'pk','#n1':'age','#n2':'x','#n3':'y'},
                 'ExpressionAttributeValues':{':v0':{'S':'a'},':v1':{'N':'20'},':v2':{'N':'1'}}}"""));
    }

    @Test
    void select_sortKeyCondition_joinsTheKeyCondition() {
        Translator.Read read = select("SELECT * FROM c WHERE pk = 'a' AND begins_with(\"sk\", 'pre') AND n = 1", COMPOSITE);
        assertThat(read.request()).isEqualTo(json("""
                {'TableName':'c','KeyConditionExpression':'#n0 = :v0 AND begins_with(#n1, :v1)',
                 'FilterExpression':'#n2 = :v2',
                 'ExpressionAttributeNames':{'#n0':'pk','#n1':'sk','#n2':'n'},
                 'ExpressionAttributeValues':{':v0':{'S':'a'},':v1':{'S':'pre'},':v2':{'N':'1'}}}"""));
    }

    @Test
    void select_sortKeyComparisonWithTheValueFirst_isTurnedRound() {
        Translator.Read read = select("SELECT * FROM c WHERE pk = 'a' AND 'm' < sk", COMPOSITE);
        assertThat(read.request().get("KeyConditionExpression").asText()).isEqualTo("#n0 = :v0 AND #n1 > :v1");
    }

    @Test
    void select_sortKeyBetween_isAKeyCondition() {
        Translator.Read read = select("SELECT * FROM c WHERE sk BETWEEN 'a' AND 'c' AND pk = ?", COMPOSITE, new Value.S("p"));
        assertThat(read.request().get("KeyConditionExpression").asText()).isEqualTo("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2");
        assertThat(read.request().path("ExpressionAttributeValues").path(":v0")).isEqualTo(json("{'S':'p'}"));
    }

    @Test
    void select_whoseRestNamesTheSortKey_isAFilteredScan() {
        // a Query's FilterExpression may not name the key it queries by
        Translator.Read read = select("SELECT * FROM c WHERE pk = 'a' AND NOT sk = '1'", COMPOSITE);
        assertThat(read.operation()).isEqualTo("Scan");
        assertThat(read.request()).isEqualTo(json("""
                {'TableName':'c','FilterExpression':'#n0 = :v0 AND NOT #n1 = :v1',
                 'ExpressionAttributeNames':{'#n0':'pk','#n1':'sk'},
                 'ExpressionAttributeValues':{':v0':{'S':'a'},':v1':{'S':'1'}}}"""));
    }

    @Test
    void select_withoutPartitionKeyEquality_isAScan() {
        assertThat(select("SELECT * FROM t", HASH).request()).isEqualTo(json("{'TableName':'t'}"));
        Translator.Read or = select("SELECT * FROM t WHERE pk = 'a' OR pk = 'b'", HASH);
        assertThat(or.operation()).isEqualTo("Scan");
        assertThat(or.request().get("FilterExpression").asText()).isEqualTo("#n0 = :v0 OR #n0 = :v1");
        Translator.Read in = select("SELECT * FROM t WHERE pk IN ['a', 'b'] AND NOT begins_with(kind, 'al')", HASH);
        assertThat(in.request().get("FilterExpression").asText()).isEqualTo("#n0 IN (:v0, :v1) AND NOT begins_with(#n1, :v2)");
    }

    @Test
    void select_fromAnIndex_queriesByTheIndexKey() {
        Translator.Read byIndex = select("SELECT * FROM c.gsi WHERE g = 'x'", COMPOSITE);
        assertThat(byIndex.operation()).isEqualTo("Query");
        assertThat(byIndex.request().get("IndexName").asText()).isEqualTo("gsi");
        assertThat(byIndex.request().get("KeyConditionExpression").asText()).isEqualTo("#n0 = :v0");
        assertThat(byIndex.request().path("ExpressionAttributeNames").path("#n0").asText()).isEqualTo("g");
        Translator.Read scan = select("SELECT * FROM c.gsi WHERE pk = 'a'", COMPOSITE);
        assertThat(scan.operation()).isEqualTo("Scan");
        assertThat(scan.request().get("IndexName").asText()).isEqualTo("gsi");
    }

    @Test
    void select_fromAnUnknownIndex_isRefused() {
        assertThatThrownBy(() -> select("SELECT * FROM c.nope WHERE pk = 'a'", COMPOSITE))
                .hasMessage("The table does not have the specified index: nope");
    }

    @Test
    void select_ofAttributesAGlobalIndexDoesNotProject_listsThemAll() {
        assertThatThrownBy(() -> select("SELECT alternate, x, mymap, pk FROM c.inc WHERE h = 'x'", COMPOSITE))
                .hasMessage("One or more parameter values were invalid: Global secondary index inc does not project [alternate, mymap]");
        // a local index reaches the table's item
        assertThat(select("SELECT data FROM c.lsi WHERE pk = 'a'", COMPOSITE).operation()).isEqualTo("Query");
    }

    @Test
    void select_projection_readsTheTopLevelAttributesOfItsPaths() {
        Translator.Read read = select("SELECT mymap.nested, l[1], pk, mymap.other FROM t WHERE pk = 'a'", HASH);
        assertThat(read.request().get("ProjectionExpression").asText()).isEqualTo("#n1, #n2, #n0");
        assertThat(read.projection()).extracting(Ast.PathRef::outputName).containsExactly("nested", "l[1]", "pk", "other");
    }

    @Test
    void select_twoPathsWithOneOutputName_isRefused() {
        assertThatThrownBy(() -> select("SELECT a.z, b.z FROM t", HASH)).hasMessage("Duplicate identifiers in select clause: z");
    }

    @Test
    void select_orderByDescending_queriesBackwards() {
        Translator.Read read = select("SELECT * FROM c WHERE pk = 'a' ORDER BY sk DESC", COMPOSITE);
        assertThat(read.request().get("ScanIndexForward").asBoolean()).isFalse();
        assertThat(select("SELECT * FROM c WHERE pk = 'a' ORDER BY sk ASC", COMPOSITE).request().has("ScanIndexForward")).isFalse();
    }

    @Test
    void select_orderByWithoutAQuery_isRefused() {
        assertThatThrownBy(() -> select("SELECT * FROM c ORDER BY sk", COMPOSITE))
                .hasMessage("Must have WHERE clause in the statement when using ORDER BY clause.");
        assertThatThrownBy(() -> select("SELECT * FROM c WHERE sk = 'x' ORDER BY sk", COMPOSITE))
                .hasMessage("Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.");
    }

    @Test
    void select_conditionForms_areWrittenInTheExpressionLanguage() {
        Translator.Read read = select("SELECT * FROM t WHERE pk = 'a' AND a BETWEEN 1 AND 2 AND b NOT IN [1] AND c != 2 "
                + "AND size(d) >= 3 AND attribute_exists(e) = true AND ATTRIBUTE_NOT_EXISTS(f) = TRUE AND contains(g, 'x') = false "
                + "AND h IS NOT MISSING AND i IS BOOL AND j IS NOT STRING AND k IS BAG", HASH);
        assertThat(read.request().get("FilterExpression").asText()).isEqualTo(
                "#n1 BETWEEN :v1 AND :v2 AND NOT (#n2 IN (:v3)) AND #n3 <> :v4 AND size(#n4) >= :v5 AND attribute_exists(#n5) "
                        + "AND attribute_not_exists(#n6) AND NOT contains(#n7, :v6) AND attribute_exists(#n8) "
                        + "AND attribute_type(#n9, :v7) AND NOT attribute_type(#n10, :v8) "
                        + "AND (attribute_type(#n11, :v9) OR attribute_type(#n11, :v10) OR attribute_type(#n11, :v11))");
        assertThat(read.request().path("ExpressionAttributeValues").path(":v7")).isEqualTo(json("{'S':'BOOL'}"));
        assertThat(read.request().path("ExpressionAttributeValues").path(":v11")).isEqualTo(json("{'S':'BS'}"));
    }

    @Test
    void select_isNull_holdsForNullAndForMissing() {
        Translator.Read read = select("SELECT * FROM t WHERE pk = 'a' AND n IS NULL AND m IS NOT NULL", HASH);
        assertThat(read.request().get("FilterExpression").asText()).isEqualTo(
                "(attribute_not_exists(#n1) OR attribute_type(#n1, :v1)) AND attribute_exists(#n2) AND NOT attribute_type(#n2, :v2)");
        assertThat(read.request().path("ExpressionAttributeValues").path(":v1")).isEqualTo(json("{'S':'NULL'}"));
    }

    @Test
    void select_withAnUnknownFunction_isRefusedWithItsPosition() {
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 'a' AND EXISTS(ss)", HASH))
                .hasMessage("Unrecognized function: exists at 1:36:6");
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 'a' AND set_add(ss, <<'x'>>) = ss", HASH))
                .hasMessage("Unrecognized function: set_add at 1:36:7");
    }

    @Test
    void select_aFunctionGivenAValue_isLeftToTheExpressionLanguage() {
        // DynamoDB's own message ("requires a document path") comes from the condition it becomes
        Translator.Read read = select("SELECT * FROM t WHERE pk = 'a' AND attribute_exists(?)", HASH, new Value.S("pk"),
                new Value.S("ss"));
        assertThat(read.request().get("FilterExpression").asText()).isEqualTo("attribute_exists(:v1)");
    }

    @Test
    void select_orderingAValueWithNoOrder_isRefusedForTheValuesType() {
        for (String op : List.of("<", "<=", ">", ">=")) {
            assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 'a' AND val " + op + " ?", HASH, Value.Bool.TRUE))
                    .hasMessage("Incorrect operand type for operator or function; operator or function: " + op + ", operand type: BOOL");
        }
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 'a' AND val BETWEEN ? AND ?", HASH, Value.Null.INSTANCE,
                Value.Null.INSTANCE)).hasMessage("Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: NULL");
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 'a' AND val < [1]", HASH))
                .hasMessage("Incorrect operand type for operator or function; operator or function: <, operand type: L");
        // strings, numbers and binary are ordered, whatever they are compared with; equality takes every type
        assertThat(select("SELECT * FROM t WHERE pk = 'a' AND val < 5 AND w >= 'x' AND m = {'a': 1} AND b <> true", HASH)
                .operation()).isEqualTo("Query");
    }

    // ---- reads by key (batches and transactions)

    @Test
    void keyRead_withTheFullKey_isAGetItem() {
        Translator.Read read = keyRead("SELECT a, b.c FROM c WHERE sk = 's' AND pk = 'p'", COMPOSITE);
        assertThat(read.operation()).isEqualTo("GetItem");
        assertThat(read.request()).isEqualTo(json("""
                {'TableName':'c','Key':{'pk':{'S':'p'},'sk':{'S':'s'}},'ProjectionExpression':'#n0, #n1',
                 'ExpressionAttributeNames':{'#n0':'a','#n1':'b'}}"""));
    }

    @Test
    void keyRead_withPartOfTheKeyAConditionOrAnIndex_isNone() {
        assertThat(keyRead("SELECT * FROM c WHERE pk = 'p'", COMPOSITE)).isNull();
        assertThat(keyRead("SELECT * FROM t WHERE pk = 'p' AND attribute_exists(ss)", HASH)).isNull();
        assertThat(keyRead("SELECT * FROM c.gsi WHERE g = 'p'", COMPOSITE)).isNull();
    }

    // ---- writes

    @Test
    void insert_isAPutItemThatMayNotReplace() {
        assertThat(insert("INSERT INTO t VALUE {'pk': 'k', 'data': 'd', 'n': 1}", HASH))
                .isEqualTo(json("""
                        {'TableName':'t','Item':{'pk':{'S':'k'},'data':{'S':'d'},'n':{'N':'1'}},
                         'ConditionExpression':'attribute_not_exists(#n0)','ExpressionAttributeNames':{'#n0':'pk'}}"""));
    }

    @Test
    void insert_ofAParameterMap_takesItsAttributes() {
        Value item = new Value.M(Map.of("pk", new Value.S("k")));
        assertThat(insert("INSERT INTO t VALUE ?", HASH, item).get("Item")).isEqualTo(json("{'pk':{'S':'k'}}"));
    }

    @Test
    void insert_ofAnythingButATuple_isRefused() {
        assertThatThrownBy(() -> insert("INSERT INTO t VALUE [1]", HASH))
                .hasMessage("Statement wasn't well formed, can't be processed: Expected a tuple in VALUE");
    }

    @Test
    void update_isAnUpdateItemOfAnItemThatExists() {
        assertThat(update("UPDATE t SET data = 'after' WHERE pk = 'k'", HASH)).isEqualTo(json("""
                {'TableName':'t','Key':{'pk':{'S':'k'}},'UpdateExpression':'SET #n0 = :v0',
                 'ConditionExpression':'attribute_exists(#n1)',
                 'ExpressionAttributeNames':{'#n0':'data','#n1':'pk'},'ExpressionAttributeValues':{':v0':{'S':'after'}}}"""));
    }

    @Test
    void update_restOfTheWhere_joinsItsCondition_andReturningIsReturnValues() {
        assertThat(update("UPDATE t SET n = n + 1, m = list_append(m, [2]) REMOVE a.b[0] "
                + "WHERE pk = 'k' AND \"name\" = 'x' RETURNING MODIFIED OLD *", HASH)).isEqualTo(json("""
                {'TableName':'t','Key':{'pk':{'S':'k'}},
                 'UpdateExpression':'SET #n0 = #n0 + :v0, #n1 = list_append(#n1, :v1) REMOVE #n2.#n3[0]',
                 'ConditionExpression':'attribute_exists(#n4) AND (#n5 = :v2)',
                 'ExpressionAttributeNames':{'#n0':'n','#n1':'m','#n2':'a','#n3':'b','#n4':'pk','#n5':'name'},
                 'ExpressionAttributeValues':{':v0':{'N':'1'},':v1':{'L':[{'N':'2'}]},':v2':{'S':'x'}},
                 'ReturnValues':'UPDATED_OLD'}"""));
    }

    @Test
    void update_setAddAndSetDelete_areAddAndDelete() {
        var request = update("UPDATE t SET ss = set_add(ss, <<'x', 'y'>>) "
                + "SET ns = SET_DELETE(ns, ?) WHERE pk = 'k'", HASH, new Value.NS(java.util.Set.of(java.math.BigDecimal.ONE)));
        assertThat(request.get("UpdateExpression").asText()).isEqualTo("ADD #n0 :v0 DELETE #n1 :v1");
        assertThat(request.path("ExpressionAttributeValues")).isEqualTo(json("{':v0':{'SS':['x','y']},':v1':{'NS':['1']}}"));
    }

    @Test
    void update_setAddMisused_isRefusedAsDynamoDbRefusesIt() {
        String other = "UPDATE t SET t = set_add(ss, <<'x'>>) WHERE pk = 'k'";
        assertThatThrownBy(() -> update(other, HASH))
                .hasMessage("The first argument to SET_ADD must equal the assignment value at 1:18:7");
        String string = "UPDATE t SET ss = set_add(ss, 'x') WHERE pk = 'k'";
        assertThatThrownBy(() -> update(string, HASH))
                .hasMessage("The second argument to SET_ADD must be a value with type SET at 1:27:2");
        String one = "UPDATE t SET ss = set_delete(ss) WHERE pk = 'k'";
        assertThatThrownBy(() -> update(one, HASH))
                .hasMessage("SET_DELETE must have exactly two arguments at 1:19:10");
        String empty = "UPDATE t SET ss = set_add(ss, <<>>) WHERE pk = 'k'";
        assertThatThrownBy(() -> update(empty, HASH)).hasMessage("Empty bags are not supported");
        String twice = "UPDATE t SET ss = set_add(ss, <<'x', 'x'>>) WHERE pk = 'k'";
        assertThatThrownBy(() -> update(twice, HASH))
                .hasMessage("One or more parameter values were invalid: Input collection [x, x] contains duplicates.");
    }

    @Test
    void write_withoutTheFullKey_isRefused() {
        assertThatThrownBy(() -> update("UPDATE c SET a = 1 WHERE pk = 'k'", COMPOSITE))
                .hasMessage("Where clause does not contain a mandatory equality on all key attributes");
        assertThatThrownBy(() -> delete("DELETE FROM t WHERE \"name\" = 'alpha'", HASH))
                .hasMessage("Where clause does not contain a mandatory equality on all key attributes");
        assertThatThrownBy(() -> delete("DELETE FROM t WHERE pk = 'a' OR pk = 'b'", HASH))
                .hasMessage("Where clause does not contain a mandatory equality on all key attributes");
    }

    @Test
    void delete_byKeyOnly_hasNoCondition() {
        assertThat(delete("DELETE FROM c WHERE pk = 'k' AND sk = 's' RETURNING ALL OLD *", COMPOSITE))
                .isEqualTo(json("{'TableName':'c','Key':{'pk':{'S':'k'},'sk':{'S':'s'}},'ReturnValues':'ALL_OLD'}"));
    }

    @Test
    void delete_withMoreThanTheKey_isConditionalButDeletingNothingSucceeds() {
        assertThat(delete("DELETE FROM t WHERE pk = 'k' AND NOT begins_with(\"name\", 'al')", HASH))
                .isEqualTo(json("""
                        {'TableName':'t','Key':{'pk':{'S':'k'}},
                         'ConditionExpression':'attribute_not_exists(#n0) OR (NOT begins_with(#n1, :v0))',
                         'ExpressionAttributeNames':{'#n0':'pk','#n1':'name'},'ExpressionAttributeValues':{':v0':{'S':'al'}}}"""));
    }

    @Test
    void delete_returningAnythingButAllOld_isRefused() {
        for (String returning : List.of("MODIFIED OLD *", "ALL NEW *", "MODIFIED NEW *")) {
            assertThatThrownBy(() -> delete("DELETE FROM t WHERE pk = 'x' RETURNING " + returning, HASH))
                    .hasMessage("Invalid returning clause: RETURNING " + returning + ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
        }
    }

    @Test
    void exists_isAConditionCheckOnAnItemThatExists() {
        assertThat(conditionCheck("EXISTS(SELECT * FROM t WHERE pk = 'k' AND n > 1)", HASH))
                .isEqualTo(json("""
                        {'TableName':'t','Key':{'pk':{'S':'k'}},'ConditionExpression':'attribute_exists(#n0) AND (#n1 > :v0)',
                         'ExpressionAttributeNames':{'#n0':'pk','#n1':'n'},'ExpressionAttributeValues':{':v0':{'N':'1'}}}"""));
        assertThatThrownBy(() -> conditionCheck("EXISTS(SELECT * FROM t WHERE pk = 'k')", HASH))
                .hasMessage("EXISTS() must contain a single item read with additional condition");
    }

    @Test
    void numberLiterals_beyondDynamoDbsLimits_sayWhereTheyAre() {
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 1e126", HASH))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range under root");
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 1e-131", HASH))
                .hasMessage("Number underflow. Attempting to store a number with magnitude smaller than supported range under root");
        assertThatThrownBy(() -> select("SELECT * FROM t WHERE pk = 123456789012345678901234567890123456789", HASH))
                .hasMessage("Attempting to store more than 38 significant digits in a Number under root");
        assertThatThrownBy(() -> insert("INSERT INTO t VALUE {'pk': 1, 'm': {'x': 1e126}}", HASH))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range under root.x");
        assertThatThrownBy(() -> insert("INSERT INTO t VALUE {'pk': 1, 'l': [1, 1e126]}", HASH))
                .hasMessage("Number overflow. Attempting to store a number with magnitude larger than supported range under root[1]");
    }

    @Test
    void functionInAnInsertValue_isRefused() {
        String statement = "INSERT INTO t VALUE {'pk': 'x', 'ss': set_add(<<'a'>>, <<'b'>>)}";
        assertThatThrownBy(() -> insert(statement, HASH))
                .hasMessage("Unsupported data type: set_add under key root at 1:39:7");
    }
}
