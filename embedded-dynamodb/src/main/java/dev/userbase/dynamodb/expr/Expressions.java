package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /** The top-level attribute names a condition reads, in the order it names them (Query refuses key attributes in a filter). */
    public static Set<String> topNames(Condition condition) {
        Set<String> names = new LinkedHashSet<>();
        if (condition instanceof Ast.Cond cond) {
            collect(cond, names);
        }
        return names;
    }

    private static void collect(Ast.Cond cond, Set<String> names) {
        if (cond instanceof Ast.Compare c) {
            collect(c.left(), names);
            collect(c.right(), names);
        } else if (cond instanceof Ast.Between b) {
            collect(b.value(), names);
            collect(b.lower(), names);
            collect(b.upper(), names);
        } else if (cond instanceof Ast.In in) {
            collect(in.value(), names);
            in.list().forEach(o -> collect(o, names));
        } else if (cond instanceof Ast.Call call) {
            call.args().forEach(o -> collect(o, names));
        } else if (cond instanceof Ast.And and) {
            collect(and.left(), names);
            collect(and.right(), names);
        } else if (cond instanceof Ast.Or or) {
            collect(or.left(), names);
            collect(or.right(), names);
        } else if (cond instanceof Ast.Not not) {
            collect(not.operand(), names);
        }
    }

    private static void collect(Ast.Operand operand, Set<String> names) {
        if (operand instanceof Ast.PathRef p) {
            names.add(p.path().topName());
        } else if (operand instanceof Ast.Size size) {
            collect(size.operand(), names);
        } else if (operand instanceof Ast.IfNotExists i) {
            names.add(i.path().topName());
            collect(i.fallback(), names);
        } else if (operand instanceof Ast.ListAppend l) {
            collect(l.first(), names);
            collect(l.second(), names);
        } else if (operand instanceof Ast.Arith a) {
            collect(a.left(), names);
            collect(a.right(), names);
        }
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
