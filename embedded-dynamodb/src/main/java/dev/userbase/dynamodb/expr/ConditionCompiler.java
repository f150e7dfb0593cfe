package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.userbase.dynamodb.expr.Errors.Detail;
import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Value;

/**
 * Turns the text of a condition, filter or key condition expression into a {@link Ast.Cond},
 * refusing what DynamoDB refuses, in the order DynamoDB checks it:
 *
 * <ol>
 * <li>empty or longer than 4 KB;</li>
 * <li>syntax (the first token that cannot be accepted);</li>
 * <li>redundant parentheses ({@code ((a = b))});</li>
 * <li>unknown function names (case sensitive);</li>
 * <li>functions used where they are not allowed (a function other than size as an operand,
 * size as a condition);</li>
 * <li>reserved words used as bare attribute names;</li>
 * <li>then condition by condition, left to right: undefined {@code #names} and {@code :values},
 * operand counts of functions, operands that must differ ({@code a = a}), operand types of
 * constants ({@code a < :bool}, {@code begins_with(a, :number)}, attribute_type's type name,
 * BETWEEN bounds), the size of IN;</li>
 * <li>the number of operators.</li>
 * </ol>
 */
final class ConditionCompiler {

    /** The types attribute_type accepts, in the order DynamoDB lists them. */
    static final String TYPE_NAMES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
    private static final Set<String> TYPES = Set.of("B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M");
    private static final String ANY_TYPE = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";

    private final Resolver resolver;
    private final String parameter;

    private ConditionCompiler(ExpressionContext context, String parameter) {
        this.resolver = new Resolver(context, parameter);
        this.parameter = parameter;
    }

    static Ast.Cond compile(String text, ExpressionContext context, String parameter) {
        Errors.checkText(text, parameter);
        ConditionParser parser = new ConditionParser(text, parameter);
        Syn syn = parser.parseAll();
        if (parser.redundantParentheses) {
            throw Errors.invalid(parameter, Detail.REDUNDANT_PARENTHESES);
        }
        ConditionCompiler compiler = new ConditionCompiler(context, parameter);
        compiler.checkFunctionNames(syn);
        compiler.checkMisuse(syn);
        Resolver.checkReserved(syn, parameter);
        Resolver.checkDepth(syn, parameter);
        Ast.Cond cond = compiler.condition(syn);
        int operators = countOperators(cond);
        if (operators > Errors.MAX_OPERATORS) {
            throw Errors.invalid(parameter, Detail.TOO_MANY_OPERATORS, operators);
        }
        return cond;
    }

    private void checkFunctionNames(Syn syn) {
        Syn.postOrder(syn, s -> {
            if (s instanceof Syn.CallSyn c && Ast.Function.named(c.name().text(), true) == null) {
                throw Errors.invalid(parameter, Detail.INVALID_FUNCTION, c.name().text());
            }
        });
    }

    private void checkMisuse(Syn top) {
        misuse(top);
        checkNotSize(top);
    }

    /** Children first, as DynamoDB reports the innermost misuse. */
    private void misuse(Syn syn) {
        for (Syn child : Syn.children(syn)) {
            misuse(child);
        }
        Syn s = Syn.unwrap(syn);
        if (s != syn) {
            return;
        }
        if (s instanceof Syn.AndSyn || s instanceof Syn.OrSyn || s instanceof Syn.NotSyn) {
            for (Syn child : Syn.children(s)) {
                checkNotSize(child);
            }
        } else if (s instanceof Syn.CompareSyn || s instanceof Syn.BetweenSyn || s instanceof Syn.InSyn
                || s instanceof Syn.CallSyn) {
            for (Syn operand : Syn.children(s)) {
                if (Syn.unwrap(operand) instanceof Syn.CallSyn c && !c.name().text().equals("size")) {
                    throw Errors.invalid(parameter, Detail.MISUSED_FUNCTION, c.name().text());
                }
            }
        }
    }

    /** size is a value, not a condition. */
    private void checkNotSize(Syn condition) {
        if (Syn.unwrap(condition) instanceof Syn.CallSyn c && c.name().text().equals("size")) {
            throw Errors.invalid(parameter, Detail.MISUSED_FUNCTION, "size");
        }
    }

    private Ast.Cond condition(Syn syn) {
        Syn s = Syn.unwrap(syn);
        if (s instanceof Syn.AndSyn a) {
            Ast.Cond left = condition(a.left());
            return new Ast.And(left, condition(a.right()));
        }
        if (s instanceof Syn.OrSyn o) {
            Ast.Cond left = condition(o.left());
            return new Ast.Or(left, condition(o.right()));
        }
        if (s instanceof Syn.NotSyn n) {
            return new Ast.Not(condition(n.operand()));
        }
        return leaf(s);
    }

    /** One comparison, BETWEEN, IN or function, with its checks in DynamoDB's order. */
    private Ast.Cond leaf(Syn s) {
        resolver.resolveInOrder(s);
        Syn.postOrder(s, node -> {
            if (node instanceof Syn.CallSyn c) {
                Ast.Function f = Ast.Function.named(c.name().text(), true);
                if (f.operands != c.args().size()) {
                    throw Errors.invalid(parameter, Detail.OPERAND_COUNT, f.text, c.args().size());
                }
            }
        });
        Ast.Cond cond = build(s);
        checkDistinct(cond);
        checkTypes(cond);
        if (cond instanceof Ast.In in && in.list().size() > Errors.MAX_IN_OPERANDS) {
            throw Errors.invalid(parameter, Detail.TOO_MANY_IN_OPERANDS, in.list().size());
        }
        return cond;
    }

    private Ast.Cond build(Syn s) {
        if (s instanceof Syn.CompareSyn c) {
            return new Ast.Compare(Ast.Comparator.of(c.op().text()), operand(c.left()), operand(c.right()));
        }
        if (s instanceof Syn.BetweenSyn b) {
            return new Ast.Between(operand(b.value()), operand(b.lower()), operand(b.upper()));
        }
        if (s instanceof Syn.InSyn in) {
            List<Ast.Operand> list = new ArrayList<>();
            for (Syn o : in.list()) {
                list.add(operand(o));
            }
            return new Ast.In(operand(in.value()), list);
        }
        Syn.CallSyn call = (Syn.CallSyn) s;
        List<Ast.Operand> args = new ArrayList<>();
        for (Syn a : call.args()) {
            args.add(operand(a));
        }
        return new Ast.Call(Ast.Function.named(call.name().text(), true), args);
    }

    private Ast.Operand operand(Syn syn) {
        Syn s = Syn.unwrap(syn);
        Ast.Operand leaf = resolver.pathOrValue(s);
        if (leaf != null) {
            return leaf;
        }
        // only size is left: every other function was refused as an operand
        Syn.CallSyn call = (Syn.CallSyn) s;
        return new Ast.Size(operand(call.args().get(0)));
    }

    private void checkDistinct(Ast.Cond cond) {
        if (cond instanceof Ast.Compare c && samePath(c.left(), c.right())) {
            throw Errors.invalid(parameter, Detail.NOT_DISTINCT, c.comparator().text, ((Ast.PathRef) c.left()).path());
        }
        if (cond instanceof Ast.Call c && c.args().size() == 2 && samePath(c.args().get(0), c.args().get(1))) {
            throw Errors.invalid(parameter, Detail.NOT_DISTINCT, c.function().text, ((Ast.PathRef) c.args().get(0)).path());
        }
    }

    private static boolean samePath(Ast.Operand a, Ast.Operand b) {
        return a instanceof Ast.PathRef p && b instanceof Ast.PathRef q && p.path().equals(q.path());
    }

    /** The type an operand is known to have before any item is seen: a constant's, or N for size. */
    static String knownType(Ast.Operand o) {
        if (o instanceof Ast.Const c) {
            return c.value().type();
        }
        if (o instanceof Ast.Size) {
            return "N";
        }
        return null;
    }

    private void checkOperand(Ast.Operand o) {
        if (o instanceof Ast.Size s) {
            checkOperand(s.operand());
            String t = knownType(s.operand());
            if (t != null && (t.equals("N") || t.equals("BOOL") || t.equals("NULL"))) {
                throw Errors.invalid(parameter, Detail.OPERAND_TYPE, "size", t);
            }
        }
    }

    private void checkOrdered(String operator, Ast.Operand o) {
        String t = knownType(o);
        if (t != null && !(t.equals("S") || t.equals("N") || t.equals("B"))) {
            throw Errors.invalid(parameter, Detail.OPERAND_TYPE, operator, t);
        }
    }

    private void checkTypes(Ast.Cond cond) {
        if (cond instanceof Ast.Compare c) {
            checkOperand(c.left());
            checkOperand(c.right());
            if (c.comparator() != Ast.Comparator.EQ && c.comparator() != Ast.Comparator.NE) {
                checkOrdered(c.comparator().text, c.left());
                checkOrdered(c.comparator().text, c.right());
            }
        } else if (cond instanceof Ast.Between b) {
            checkOperand(b.value());
            checkOperand(b.lower());
            checkOperand(b.upper());
            checkOrdered("BETWEEN", b.value());
            checkOrdered("BETWEEN", b.lower());
            checkOrdered("BETWEEN", b.upper());
            if (b.lower() instanceof Ast.Const lo && b.upper() instanceof Ast.Const hi) {
                checkBounds(lo.value(), hi.value());
            }
        } else if (cond instanceof Ast.In in) {
            checkOperand(in.value());
            in.list().forEach(this::checkOperand);
        } else if (cond instanceof Ast.Call c) {
            c.args().forEach(this::checkOperand);
            checkFunction(c);
        }
    }

    private void checkBounds(Value lower, Value upper) {
        if (!lower.type().equals(upper.type())) {
            throw Errors.invalid(parameter, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
                    + Errors.attributeValue(lower) + ", upper bound operand: " + Errors.attributeValue(upper));
        }
        if (KeyOrder.compare(lower, upper) > 0) {
            throw Errors.invalid(parameter, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                    + "lower bound operand: " + Errors.attributeValue(lower) + ", upper bound operand: " + Errors.attributeValue(upper));
        }
    }

    private void checkFunction(Ast.Call c) {
        String name = c.function().text;
        switch (c.function()) {
            case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS -> {
                if (!(c.args().get(0) instanceof Ast.PathRef)) {
                    throw Errors.invalid(parameter, Detail.REQUIRES_PATH, name);
                }
            }
            case ATTRIBUTE_TYPE -> {
                String t = knownType(c.args().get(1));
                if (!"S".equals(t)) {
                    throw Errors.invalid(parameter, Detail.OPERAND_TYPE, name, t == null ? ANY_TYPE : t);
                }
                String type = ((Value.S) ((Ast.Const) c.args().get(1)).value()).value();
                if (!TYPES.contains(type)) {
                    throw Errors.invalid(parameter, "Invalid attribute type name found; type: " + type + ", valid types: " + TYPE_NAMES);
                }
            }
            case BEGINS_WITH -> {
                for (Ast.Operand o : c.args()) {
                    String t = knownType(o);
                    if (t != null && !t.equals("S") && !t.equals("B")) {
                        throw Errors.invalid(parameter, Detail.OPERAND_TYPE, name, t);
                    }
                }
            }
            default -> {
                // contains takes operands of any type
            }
        }
    }

    static int countOperators(Ast.Cond cond) {
        if (cond instanceof Ast.And a) {
            return 1 + countOperators(a.left()) + countOperators(a.right());
        }
        if (cond instanceof Ast.Or o) {
            return 1 + countOperators(o.left()) + countOperators(o.right());
        }
        if (cond instanceof Ast.Not n) {
            return 1 + countOperators(n.operand());
        }
        int count = 1;
        List<Ast.Operand> operands = new ArrayList<>();
        if (cond instanceof Ast.Compare c) {
            operands.add(c.left());
            operands.add(c.right());
        } else if (cond instanceof Ast.Between b) {
            operands.add(b.value());
            operands.add(b.lower());
            operands.add(b.upper());
        } else if (cond instanceof Ast.In in) {
            operands.add(in.value());
            operands.addAll(in.list());
        } else if (cond instanceof Ast.Call c) {
            operands.addAll(c.args());
        }
        for (Ast.Operand o : operands) {
            Ast.Operand x = o;
            while (x instanceof Ast.Size s) {
                count++;
                x = s.operand();
            }
        }
        return count;
    }
}
