package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates the expressions of a request. Every method throws a ValidationException
 * with DynamoDB's message for an expression DynamoDB refuses, prefixed {@code Invalid <parameter>: }
 * where DynamoDB prefixes it. The names and values an expression uses are recorded in the
 * context; the operation checks {@link ExpressionContext#checkAllUsed()} once all its expressions
 * were parsed.
 */
public final class Expressions {

    private Expressions() {
    }

    /**
     * A ConditionExpression or FilterExpression; {@code parameter} names it in error messages
     * ({@code "ConditionExpression"}, {@code "FilterExpression"}).
     */
    public static Condition condition(String text, ExpressionContext context, String parameter) {
        return ConditionCompiler.compile(text, context, parameter);
    }

    public static Projection projection(String text, ExpressionContext context) {
        String parameter = "ProjectionExpression";
        Errors.checkText(text, parameter);
        List<Syn.PathSyn> syns = new ProjectionParser(text).parseAll();
        for (Syn.PathSyn s : syns) {
            Resolver.checkReserved(s, parameter);
        }
        for (Syn.PathSyn s : syns) {
            Resolver.checkDepth(s, parameter);
        }
        Resolver resolver = new Resolver(context, parameter);
        List<Path> paths = new ArrayList<>();
        for (Syn.PathSyn s : syns) {
            paths.add(resolver.path(s));
        }
        UpdateCompiler.checkOverlaps(paths, parameter);
        return new PathProjection(paths);
    }

    public static Update update(String text, ExpressionContext context) {
        return UpdateCompiler.compile(text, context);
    }

    /**
     * A KeyConditionExpression against the key attributes of the table or index queried: the
     * partition key with {@code =}, and optionally one condition on the sort key
     * ({@code = < <= > >= BETWEEN begins_with}), joined by AND.
     */
    public static KeyCondition keyCondition(String text, ExpressionContext context, KeyNames keys) {
        Ast.Cond cond = ConditionCompiler.compile(text, context, "KeyConditionExpression");
        return KeyConditions.toKeyCondition(KeyConditions.fromExpression(cond), keys);
    }
}
