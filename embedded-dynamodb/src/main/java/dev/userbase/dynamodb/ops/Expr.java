package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.Condition;
import dev.userbase.dynamodb.expr.ExpressionContext;
import dev.userbase.dynamodb.expr.Expressions;
import dev.userbase.dynamodb.expr.Legacy;
import dev.userbase.dynamodb.expr.Projection;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/**
 * The expression parameters of a request, checked as DynamoDB checks them: names and values only
 * with expressions, never mixed with the legacy parameters, every name and value used.
 */
final class Expr {

    private Expr() {
    }

    /**
     * The request's names and values.
     *
     * @param expressions the expression members the operation takes (ConditionExpression, …)
     * @param legacy the legacy members it takes (Expected, AttributesToGet, …)
     * @param nullMessage what DynamoDB says when values come without any expression, for example
     *        {@code ConditionExpression is null}
     */
    static ExpressionContext context(Request r, List<String> expressions, List<String> legacy, String nullMessage) {
        List<String> usedExpressions = new ArrayList<>();
        for (String e : expressions) {
            if (r.has(e)) {
                usedExpressions.add(e);
            }
        }
        List<String> usedLegacy = new ArrayList<>();
        for (String l : legacy) {
            if (r.has(l)) {
                usedLegacy.add(l);
            }
        }
        if (!usedExpressions.isEmpty() && !usedLegacy.isEmpty()) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {" + String.join(", ", usedLegacy) + "} Expression parameters: {"
                    + String.join(", ", usedExpressions) + "}");
        }
        Map<String, String> names = r.stringMap("ExpressionAttributeNames");
        JsonNode rawValues = r.raw("ExpressionAttributeValues");
        if (names != null && usedExpressions.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (rawValues != null && usedExpressions.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + nullMessage);
        }
        if (names != null && names.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
        }
        Map<String, Value> values = null;
        if (rawValues != null) {
            if (!rawValues.isObject()) {
                throw DynamoDbException.unexpectedType("ExpressionAttributeValues");
            }
            if (rawValues.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
            }
            values = new LinkedHashMap<>();
            for (var it = rawValues.fields(); it.hasNext();) {
                var e = it.next();
                try {
                    values.put(e.getKey(), ValueCodec.decode(e.getValue()));
                } catch (DynamoDbException ex) {
                    if (!"ValidationException".equals(ex.type())) {
                        throw ex;
                    }
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid value: "
                            + ex.getMessage() + " for key " + e.getKey());
                }
            }
        }
        return new ExpressionContext(names, values);
    }

    /** The condition of a write: ConditionExpression, or the legacy Expected, or none. */
    static Condition writeCondition(Request r, ExpressionContext context) {
        String expression = r.string("ConditionExpression");
        if (expression != null) {
            return Expressions.condition(expression, context, "ConditionExpression");
        }
        if (r.has("Expected")) {
            return Legacy.expected(r.raw("Expected"), r.string("ConditionalOperator"));
        }
        if (r.has("ConditionalOperator")) {
            throw DynamoDbException.validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
        }
        return null;
    }

    /** ProjectionExpression, or the legacy AttributesToGet, or null for the whole item. */
    static Projection projection(Request r, ExpressionContext context) {
        String expression = r.string("ProjectionExpression");
        if (expression != null) {
            return Expressions.projection(expression, context);
        }
        if (r.has("AttributesToGet")) {
            return Legacy.attributesToGet(r.raw("AttributesToGet"));
        }
        return null;
    }
}
