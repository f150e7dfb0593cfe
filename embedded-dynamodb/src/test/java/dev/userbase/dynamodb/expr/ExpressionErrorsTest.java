package dev.userbase.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;

/**
 * The expression package's refusals, each with DynamoDB's ValidationException message: syntax errors
 * (the token and the text around it), reserved words, undefined and unused names and values, functions
 * that do not exist or are misused, operand types known before any item is read, overlapping paths.
 */
class ExpressionErrorsTest {

    private static final Map<String, Value> ONE = Map.of(":v", Value.N.of(1));

    // ---- syntax -----------------------------------------------------------------------------

    @Test
    void condition_whenTheExpressionEndsEarly_namesTheEndAndTheTextBeforeIt() {
        assertCondition("a = ", null, null, "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
        assertCondition("attribute_exists(a) AND", null, null,
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertUpdate("SET a = b +", null, null, "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
    }

    @Test
    void condition_whenATokenCannotBeAccepted_namesItAndItsNeighbours() {
        assertCondition("a IN ()", null, null, "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"");
    }

    @Test
    void condition_whenEmpty_isRefusedBeforeParsing() {
        assertCondition("", null, null, "Invalid ConditionExpression: The expression can not be empty;");
        assertCondition("   ", null, null, "Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void condition_whenParenthesesWrapParentheses_isRefused() {
        assertCondition("((a = :v))", null, ONE, "Invalid ConditionExpression: The expression has redundant parentheses;");
    }

    // ---- names and values -------------------------------------------------------------------

    @Test
    void condition_whenAValueIsNotDefined_namesIt() {
        assertCondition("a = :v", null, null,
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    }

    @Test
    void condition_whenANameIsNotDefined_namesIt() {
        assertCondition("#a = :v", null, ONE,
                "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a");
        assertUpdate("SET #a = :v", null, ONE,
                "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a");
    }

    @Test
    void request_whenANameOrValueIsUnused_isRefusedAfterEveryExpressionParsed() {
        assertCondition("#a = :v", Map.of("#a", "a", "#b", "b"), ONE,
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        assertCondition("a = :v", null, Map.of(":v", Value.N.of(1), ":w", Value.N.of(2), ":u", Value.N.of(3)),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u, :w}");
        assertUpdate("SET a = :v", Map.of("#a", "a"), ONE, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}");
    }

    @Test
    void request_whenTwoExpressionsShareTheNames_eachUseCounts() {
        ExpressionContext context = new ExpressionContext(Map.of("#a", "a", "#b", "b"), Map.of(":v", Value.N.of(1)));
        Expressions.condition("attribute_exists(#a)", context, "ConditionExpression");
        Expressions.update("SET #b = :v", context);
        context.checkAllUsed();
    }

    // ---- reserved words ---------------------------------------------------------------------

    @Test
    void reservedWords_areTheDocumentedList() {
        assertThat(ReservedWords.size()).isEqualTo(573);
    }

    @Test
    void projection_whenABareNameIsReserved_isRefused() {
        assertThatThrownBy(() -> Expressions.projection("year", ExpressionContext.empty()))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: year"));
    }

    /** Reserved words from the Developer Guide's list, in any mix of cases: refused bare, accepted as #names. */
    @Property(tries = 200)
    void reservedWords_areRefusedInAnyCaseAndAcceptedAsNames(@ForAll("reservedWords") String word) {
        assertCondition(word + " = :v", null, ONE,
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: " + word);
        ExpressionContext context = new ExpressionContext(Map.of("#w", word), ONE);
        Condition c = Expressions.condition("#w = :v", context, "ConditionExpression");
        context.checkAllUsed();
        assertThat(c.test(Map.of(word, Value.N.of(1)))).isTrue();
    }

    @Provide
    Arbitrary<String> reservedWords() {
        return Arbitraries.of("status", "name", "date", "year", "count", "data", "size", "value", "timestamp", "user",
                "comment", "group", "key", "level", "order", "type", "zone", "table", "index", "number")
                .flatMap(w -> Arbitraries.of(true, false).list().ofSize(w.length()).map(upper -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < w.length(); i++) {
                        b.append(upper.get(i) ? Character.toUpperCase(w.charAt(i)) : w.charAt(i));
                    }
                    return b.toString();
                }));
    }

    // ---- functions and operand types --------------------------------------------------------

    @Test
    void condition_whenAFunctionIsUnknownOrMiscased_isRefused() {
        assertCondition("foo(a)", null, null, "Invalid ConditionExpression: Invalid function name; function: foo");
        assertCondition("Attribute_Exists(a)", null, null, "Invalid ConditionExpression: Invalid function name; function: Attribute_Exists");
        // update functions do not exist in conditions, and condition functions not in updates
        assertCondition("if_not_exists(a, :v) = :v", null, ONE,
                "Invalid ConditionExpression: Invalid function name; function: if_not_exists");
        assertUpdate("SET a = size(b)", null, null, "Invalid UpdateExpression: Invalid function name; function: size");
    }

    @Test
    void condition_whenSizeIsUsedAsACondition_isRefused() {
        assertCondition("size(a)", null, null,
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
    }

    @Test
    void condition_whenBothOperandsAreOnePath_isRefused() {
        assertCondition("a = a", null, null, "Invalid ConditionExpression: The first operand must be distinct from the remaining "
                + "operands for this operator or function; operator: =, first operand: [a]");
    }

    @Test
    void condition_whenAConstantCannotBeOrdered_isRefused() {
        assertCondition("a < :b", null, Map.of(":b", Value.Bool.TRUE),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL");
    }

    @Test
    void condition_whenBetweenBoundsAreReversed_isRefused() {
        assertCondition("a BETWEEN :hi AND :lo", null, Map.of(":hi", Value.N.of(5), ":lo", Value.N.of(1)),
                "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                        + "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}");
    }

    @Test
    void condition_whenAttributeTypeNamesNoType_listsTheTypes() {
        assertCondition("attribute_type(a, :t)", null, Map.of(":t", new Value.S("X")),
                "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }

    @Test
    void update_whenAddOrDeleteTakeTheWrongType_namesTheType() {
        assertUpdate("ADD a :s", null, Map.of(":s", new Value.S("x")),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        assertUpdate("DELETE a :n", null, Map.of(":n", Value.N.of(1)),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
        assertUpdate("SET a = list_append(:v, b)", null, ONE,
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N");
    }

    // ---- paths ------------------------------------------------------------------------------

    @Test
    void update_whenPathsOverlapOrConflict_namesBoth() {
        assertUpdate("SET a = :v, a.b = :v", null, ONE, "Invalid UpdateExpression: Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertUpdate("REMOVE a, a", null, null, "Invalid UpdateExpression: Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: [a], path two: [a]");
        assertUpdate("SET a[1] = :v, a.b = :v", null, ONE, "Invalid UpdateExpression: Two document paths conflict with each other; "
                + "must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]");
        assertThatThrownBy(() -> Expressions.projection("a, a.b", ExpressionContext.empty()))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage()).isEqualTo("Invalid ProjectionExpression: "
                        + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"));
    }

    @Test
    void update_whenASectionRepeats_isRefused() {
        assertUpdate("SET a = :v SET b = :v", null, ONE,
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void assertCondition(String text, Map<String, String> names, Map<String, Value> values, String message) {
        assertThatThrownBy(() -> {
            ExpressionContext context = new ExpressionContext(names, values);
            Expressions.condition(text, context, "ConditionExpression");
            context.checkAllUsed();
        }).as(text).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertUpdate(String text, Map<String, String> names, Map<String, Value> values, String message) {
        assertThatThrownBy(() -> {
            ExpressionContext context = new ExpressionContext(names, values);
            Expressions.update(text, context);
            context.checkAllUsed();
        }).as(text).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
