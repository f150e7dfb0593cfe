package dev.userbase.dynamodb.expr;

/**
 * Parses and validates the expressions of a request. Every method throws a ValidationException
 * with DynamoDB's message for an expression DynamoDB refuses.
 */
public final class Expressions {

    private Expressions() {
    }

    /** A ConditionExpression or FilterExpression; {@code parameter} names it in error messages. */
    public static Condition condition(String text, ExpressionContext context, String parameter) {
        throw new UnsupportedOperationException("expression parser not yet written");
    }

    public static Projection projection(String text, ExpressionContext context) {
        throw new UnsupportedOperationException("expression parser not yet written");
    }

    public static Update update(String text, ExpressionContext context) {
        throw new UnsupportedOperationException("expression parser not yet written");
    }

    public static KeyCondition keyCondition(String text, ExpressionContext context, KeyNames keys) {
        throw new UnsupportedOperationException("expression parser not yet written");
    }
}
