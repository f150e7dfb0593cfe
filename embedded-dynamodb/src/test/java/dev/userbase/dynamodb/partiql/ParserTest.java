package dev.userbase.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;

class ParserTest {

    private static final String NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

    private static Ast.Statement parse(String statement, Value... parameters) {
        return Parser.parse(statement, List.of(parameters));
    }

    private static void refused(String statement, String message) {
        assertThatThrownBy(() -> parse(statement))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.type()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void select_withStarQuotedTableAndWhere_parsesEachPart() {
        Ast.Select s = (Ast.Select) parse("SELECT * FROM \"users\" WHERE pk = 'a' AND age > 20");
        assertThat(s.projection()).isEmpty();
        assertThat(s.table()).isEqualTo("users");
        assertThat(s.index()).isNull();
        Ast.And and = (Ast.And) s.where();
        Ast.Compare left = (Ast.Compare) and.left();
        assertThat(((Ast.PathRef) left.left()).elements()).containsExactly("pk");
        assertThat(((Ast.Literal) left.right()).value()).isEqualTo(new Value.S("a"));
        Ast.Compare right = (Ast.Compare) and.right();
        assertThat(right.op()).isEqualTo(">");
        assertThat(((Ast.Num) right.right()).value()).isEqualByComparingTo("20");
    }

    @Test
    void select_withIndexNestedPathsAndOrderBy_keepsThem() {
        Ast.Select s = (Ast.Select) parse("select a.b[2], \"c d\".e from \"t\".\"gsi1\" where x = 1 order by sk desc");
        assertThat(s.index()).isEqualTo("gsi1");
        assertThat(s.projection()).extracting(Ast.PathRef::elements)
                .containsExactly(List.of("a", "b", 2), List.of("c d", "e"));
        assertThat(s.orderBy()).singleElement().satisfies(o -> {
            assertThat(o.path().elements()).containsExactly("sk");
            assertThat(o.descending()).isTrue();
        });
    }

    @Test
    void pathRef_outputName_isTheLastNameWithTheIndexesAfterIt() {
        assertThat(new Ast.PathRef(List.of("mymap", "nested"), null).outputName()).isEqualTo("nested");
        assertThat(new Ast.PathRef(List.of("l", 0), null).outputName()).isEqualTo("l[0]");
        assertThat(new Ast.PathRef(List.of("m", "k", 1, 2), null).outputName()).isEqualTo("k[1][2]");
    }

    @Test
    void parameters_areBoundInOrder_andExtraOnesAccepted() {
        Ast.Insert i = (Ast.Insert) parse("INSERT INTO t VALUE {'pk': ?, 'data': ?}", new Value.S("k"), new Value.S("d"),
                new Value.S("unused"));
        assertThat(Literals.item(i.value())).containsEntry("pk", new Value.S("k")).containsEntry("data", new Value.S("d"));
    }

    @Test
    void parameters_tooFew_areRefused() {
        assertThatThrownBy(() -> parse("SELECT * FROM t WHERE pk = ? AND x = ?", new Value.S("k")))
                .hasMessage("Number of parameters in request and statement don't match.");
    }

    @Test
    void questionMarkInAString_isText() {
        Ast.Select s = (Ast.Select) parse("SELECT * FROM t WHERE pk = 'why?'");
        assertThat(((Ast.Literal) ((Ast.Compare) s.where()).right()).value()).isEqualTo(new Value.S("why?"));
    }

    @Test
    void literals_ofEveryKind_becomeAttributeValues() {
        Ast.Insert i = (Ast.Insert) parse("INSERT INTO t VALUE {'s': 'it''s', 'n': -1.50, 'e': 7.31e6, 'd': .5, "
                + "'t': TRUE, 'f': false, 'z': NULL, 'm': {'k': [1, 'x']}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>}");
        var item = Literals.item(i.value());
        assertThat(item.get("s")).isEqualTo(new Value.S("it's"));
        assertThat(item.get("n")).isEqualTo(Value.N.of("-1.5"));
        assertThat(item.get("e")).isEqualTo(Value.N.of("7310000"));
        assertThat(item.get("d")).isEqualTo(Value.N.of("0.5"));
        assertThat(item.get("t")).isEqualTo(Value.Bool.TRUE);
        assertThat(item.get("f")).isEqualTo(Value.Bool.FALSE);
        assertThat(item.get("z")).isEqualTo(Value.Null.INSTANCE);
        assertThat(item.get("m")).isEqualTo(new Value.M(java.util.Map.of("k",
                new Value.L(List.of(Value.N.of(1), new Value.S("x"))))));
        assertThat(item.get("ss")).isEqualTo(new Value.SS(java.util.Set.of("a", "b")));
        assertThat(item.get("ns")).isEqualTo(new Value.NS(java.util.Set.of(BigDecimal.ONE, BigDecimal.valueOf(2))));
    }

    @Test
    void comments_areWhitespace() {
        Ast.Select s = (Ast.Select) parse("-- first\nSELECT * FROM \"t\" /* between */ -- line\nWHERE pk = 'b' /* end */");
        assertThat(((Ast.Compare) s.where()).op()).isEqualTo("=");
    }

    @Test
    void update_takesSeveralSetAndRemoveClauses_andReturning() {
        Ast.Update u = (Ast.Update) parse("UPDATE t SET a = 1, b = a + 2 SET c = list_append(c, [3]) REMOVE d, e[0] "
                + "WHERE pk = 'k' RETURNING MODIFIED NEW *");
        assertThat(u.actions()).hasSize(5);
        assertThat(u.actions().get(3)).isInstanceOf(Ast.RemoveAction.class);
        assertThat(u.returning()).isEqualTo(Ast.Returning.MODIFIED_NEW);
    }

    @Test
    void fromFirstUpdate_isAnUpdate() {
        Ast.Update u = (Ast.Update) parse("from \"t\" where pk = 'k' set c = 1 remove b returning all new *");
        assertThat(u.table()).isEqualTo("t");
        assertThat(u.actions()).hasSize(2);
        assertThat(u.returning()).isEqualTo(Ast.Returning.ALL_NEW);
    }

    @Test
    void delete_andExists_parse() {
        Ast.Delete d = (Ast.Delete) parse("DELETE FROM t WHERE pk = 'k' RETURNING ALL OLD *;");
        assertThat(d.returning()).isEqualTo(Ast.Returning.ALL_OLD);
        Ast.Exists e = (Ast.Exists) parse("EXISTS(SELECT * FROM t WHERE pk = 'k' AND n > 1)");
        assertThat(e.table()).isEqualTo("t");
    }

    @Test
    void conditions_takeEveryPredicateForm() {
        Ast.Select s = (Ast.Select) parse("SELECT * FROM t WHERE NOT a BETWEEN 1 AND 2 OR b NOT IN ['x', 'y'] "
                + "OR c IS NOT MISSING OR d IS NULL OR e IS DOUBLE PRECISION OR (f <> 1 AND g != 2) OR size(h) >= 3");
        List<Ast.Expr> branches = new java.util.ArrayList<>();
        Ast.Expr e = s.where();
        while (e instanceof Ast.Or or) {
            branches.add(0, or.right());
            e = or.left();
        }
        branches.add(0, e);
        assertThat(branches).hasSize(7);
        assertThat(branches.get(0)).isInstanceOf(Ast.Not.class);
        assertThat(((Ast.In) branches.get(1)).negated()).isTrue();
        assertThat(((Ast.Is) branches.get(2)).kind()).isEqualTo(Ast.IsKind.MISSING);
        assertThat(((Ast.Is) branches.get(3)).kind()).isEqualTo(Ast.IsKind.NULL);
        assertThat(((Ast.Is) branches.get(4)).types()).containsExactly("N");
        Ast.And and = (Ast.And) branches.get(5);
        assertThat(((Ast.Compare) and.right()).op()).isEqualTo("<>");
        assertThat(((Ast.Call) ((Ast.Compare) branches.get(6)).left()).name()).isEqualTo("size");
    }

    @Test
    void inWithAListParameter_takesItsElements() {
        Ast.Select s = (Ast.Select) parse("SELECT * FROM t WHERE pk IN ?", new Value.L(List.of(new Value.S("a"), new Value.S("b"))));
        assertThat(((Ast.In) s.where()).items()).hasSize(2);
    }

    // ---- refusals, with DynamoDB's messages

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM \"t\" WHERE pk = 1 foo",
        "SELECT * FROM \"t\" WHERE pk = 1 e5",
        "INSERT INTO \"t\" VALUE {'pk': 970001} foo",
        "UPDATE \"t\" SET a = 9 WHERE pk = 970002 foo",
        "DELETE FROM \"t\" WHERE pk = 970003 foo",
        "SELECT * FROM \"t\" WHERE pk = 1)",
        "DELETE FROM \"t\" WHERE pk = 970004 ORDER BY pk",
        "SELECT * FROM \"t\" ORDER BY pk WHERE pk = 1",
        "INSERT INTO \"t\" t VALUE {'pk': 'x'}",
        "FROM \"t\" SET c = 1 WHERE pk = 'x'",
        "SELECT * FROM \"t\" WHERE pk = 'a'; SELECT * FROM \"t\""})
    void leftoverToken_isRefused(String statement) {
        refused(statement, NOT_WELL_FORMED + "Unexpected token after expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM \"t\" WHERE pk = 1e2147483648",
        "SELECT * FROM \"t\" WHERE pk = 1e99999999999",
        "SELECT * FROM \"t\" WHERE pk = 1 # note",
        "SELECT * FROM \"t\" WHERE pk = 1 /* note",
        "SELECT * FROM \"t\" WHERE pk = 'open",
        "SELECT * FROM \"t"})
    void unreadableStatement_isRefusedWithNothingAfterTheColon(String statement) {
        refused(statement, NOT_WELL_FORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM \"t\" t WHERE pk = 'x'", "SELECT * FROM \"t\" AS t WHERE pk = 'x'",
        "UPDATE \"t\" t SET a = 3 WHERE pk = 'x'", "DELETE FROM \"t\" t WHERE pk = 'x'"})
    void tableAlias_isRefused(String statement) {
        refused(statement, "Aliasing is not supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM \"t\" WHERE|Unexpected term",
        "SELECT * FROM \"t\" WHERE;|Unexpected term",
        "SELECT pk FROM \"t\" WHERE   |Unexpected term",
        "UPDATE \"t\" SET a = 1 WHERE|Unexpected term",
        "DELETE FROM \"t\" WHERE|Unexpected term",
        "SELECT * FROM \"t\" WHERE NOT|Unexpected term",
        "SELECT * FROM \"t\" WHERE (|Unexpected term",
        "SELECT * FROM|Unexpected term",
        "SELECT * FROM \"t\" WHERE pk = 'p1' AND|Missing right-hand side expression of infix operator",
        "SELECT * FROM \"t\" WHERE pk = 'p1' OR|Missing right-hand side expression of infix operator",
        "SELECT * FROM \"t\" WHERE ORDER BY pk|Unexpected keyword",
        "SELECT * FROM \"t\" WHERE pad = 'none'|Unexpected keyword",
        "SELECT * FROM \"t\" WHERE IS NULL|Unexpected operator",
        "SELECT * FROM \"t\" WHERE pk = LIKE|Unexpected operator",
        "SELECT * FROM \"t\" WHERE pk = 'a' AND x IS FOO|Expected type name",
        "SELECT * FROM \"t\" WHERE attribute_exists(m.inner)|Invalid path dot component",
        "DELETE FROM|Expected identifier for simple path",
        "DELETE FROM   |Expected identifier for simple path",
        "DELETE FROM;|Expected identifier for simple path",
        "DELETE FROM WHERE pk = 'a'|Expected identifier for simple path",
        "SLECT * FROM \"t\" WHERE pk = 'a'|Expected data manipulation"})
    void malformedStatement_isRefusedWithDynamoDbsDetail(String statement, String detail) {
        refused(statement, NOT_WELL_FORMED + detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FROM \"t\" SET c = 1", "FROM \"t\" REMOVE a", "DELETE FROM \"t\"", "UPDATE \"t\" SET a = 1"})
    void writeWithoutWhere_isRefused(String statement) {
        refused(statement, "Where clause does not contain a mandatory equality on all key attributes");
    }

    @Test
    void functionInAProjection_isRefusedWithItsPosition() {
        refused("SELECT attribute_exists(ss) FROM \"t\" WHERE pk = 'x'", "Unexpected path component at 1:8:16");
    }

    @Test
    void starWithOtherAttributes_isRefused() {
        refused("SELECT *, a FROM t", "Other attributes should not be present in the projection when '*' is used.");
        refused("SELECT a, * FROM t", "Other attributes should not be present in the projection when '*' is used.");
    }

    @Test
    void positions_countLinesAndColumnsFromOne() {
        Token t = Lexer.tokens("SELECT *\n  FROM x").get(2);
        assertThat(t.text()).isEqualTo("FROM");
        assertThat(t.position()).isEqualTo("2:3:4");
    }
}
