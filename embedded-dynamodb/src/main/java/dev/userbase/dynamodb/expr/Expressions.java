package dev.userbase.dynamodb.expr;

/**
 * Parses and validates the expressions of a request. Every method throws a ValidationException
 * with DynamoDB's message for an expression DynamoDB refuses; the names and values each expression
 * uses are recorded in the context, for its unused-names check.
 */
public final class Expressions {

    private Expressions() {
    }

    /** A ConditionExpression or FilterExpression; {@code parameter} names it in error messages. */
    public static Condition condition(String text, ExpressionContext context, String parameter) {
        return new Parser(text, context, parameter).condition();
    }

    public static Projection projection(String text, ExpressionContext context) {
        return Projections.of(new Parser(text, context, "ProjectionExpression").projection());
    }

    public static Update update(String text, ExpressionContext context) {
        return new Parser(text, context, "UpdateExpression").update();
    }

    public static KeyCondition keyCondition(String text, ExpressionContext context, KeyNames keys) {
        return new Parser(text, context, "KeyConditionExpression").keyCondition(keys);
    }
}
