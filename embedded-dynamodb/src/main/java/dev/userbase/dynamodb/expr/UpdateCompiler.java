package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.userbase.dynamodb.expr.Errors.Detail;
import dev.userbase.dynamodb.expr.UpdateParser.RawAction;
import dev.userbase.dynamodb.expr.UpdateParser.RawClause;
import dev.userbase.dynamodb.expr.UpdateParser.Section;
import dev.userbase.dynamodb.model.Value;

/**
 * Turns an UpdateExpression into an {@link UpdatePlan}, refusing what DynamoDB refuses in the
 * order it checks: empty or too long; syntax; reserved words; unknown functions; a clause used
 * twice; undefined {@code #names}, then undefined {@code :values}; two paths that overlap
 * ({@code a} and {@code a.b}), then two that conflict ({@code a.b} and {@code a[1]}); ADD and
 * DELETE operands of the wrong type; function operand counts and types.
 */
final class UpdateCompiler {

    private static final String PARAMETER = "UpdateExpression";

    private final Resolver resolver;

    private UpdateCompiler(ExpressionContext context) {
        this.resolver = new Resolver(context, PARAMETER);
    }

    static UpdatePlan compile(String text, ExpressionContext context) {
        Errors.checkText(text, PARAMETER);
        List<RawClause> clauses = new UpdateParser(text).parseAll();
        UpdateCompiler c = new UpdateCompiler(context);
        List<Syn> all = new ArrayList<>();
        for (RawClause clause : clauses) {
            for (RawAction a : clause.actions()) {
                all.add(a.path());
                if (a.value() != null) {
                    all.add(a.value());
                }
            }
        }
        for (Syn s : all) {
            Resolver.checkReserved(s, PARAMETER);
        }
        for (Syn s : all) {
            checkFunctionNames(s);
        }
        checkSections(clauses);
        for (Syn s : all) {
            Resolver.checkDepth(s, PARAMETER);
        }
        for (Syn s : all) {
            Syn.preOrder(s, n -> {
                if (n instanceof Syn.PathSyn p) {
                    c.resolver.path(p);
                }
            });
        }
        for (Syn s : all) {
            Syn.preOrder(s, n -> {
                if (n instanceof Syn.ValueSyn v) {
                    c.resolver.value(v.token());
                }
            });
        }
        List<Path> targets = new ArrayList<>();
        for (RawClause clause : clauses) {
            for (RawAction a : clause.actions()) {
                targets.add(c.resolver.path(a.path()));
            }
        }
        checkOverlaps(targets, PARAMETER);
        c.checkAddDeleteOperands(clauses);
        for (Syn s : all) {
            c.checkFunctions(s);
        }
        int operators = 0;
        for (Syn s : all) {
            operators += countOperators(s);
        }
        if (operators > Errors.MAX_OPERATORS) {
            throw Errors.invalid(PARAMETER, Detail.TOO_MANY_OPERATORS, operators);
        }
        List<UpdatePlan.Action> actions = new ArrayList<>();
        int i = 0;
        for (RawClause clause : clauses) {
            for (RawAction a : clause.actions()) {
                Path path = targets.get(i++);
                actions.add(switch (a.section()) {
                    case SET -> new UpdatePlan.SetAction(path, c.operand(a.value()));
                    case REMOVE -> new UpdatePlan.RemoveAction(path);
                    case ADD -> new UpdatePlan.AddAction(path, c.resolver.value(((Syn.ValueSyn) a.value()).token()));
                    case DELETE -> new UpdatePlan.DeleteAction(path, c.resolver.value(((Syn.ValueSyn) a.value()).token()));
                });
            }
        }
        return new UpdatePlan(actions, false);
    }

    private static void checkFunctionNames(Syn syn) {
        Syn.postOrder(syn, s -> {
            if (s instanceof Syn.CallSyn c && Ast.Function.named(c.name().text(), false) == null) {
                throw Errors.invalid(PARAMETER, Detail.INVALID_FUNCTION, c.name().text());
            }
        });
    }

    private static void checkSections(List<RawClause> clauses) {
        Set<Section> seen = EnumSet.noneOf(Section.class);
        for (RawClause clause : clauses) {
            if (!seen.add(clause.section())) {
                throw Errors.invalid(PARAMETER, "The \"" + clause.section() + "\" section can only be used once in an update expression;");
            }
        }
    }

    /**
     * Refuses two paths of which one is a prefix of the other (overlap), before two paths that
     * first differ at an element that is a name in one and an index in the other (conflict).
     */
    static void checkOverlaps(List<Path> paths, String parameter) {
        String conflict = null;
        for (int j = 1; j < paths.size(); j++) {
            for (int i = 0; i < j; i++) {
                List<Object> a = paths.get(i).elements();
                List<Object> b = paths.get(j).elements();
                int n = Math.min(a.size(), b.size());
                boolean differ = false;
                for (int k = 0; k < n && !differ; k++) {
                    Object x = a.get(k);
                    Object y = b.get(k);
                    if (x.getClass() != y.getClass()) {
                        if (conflict == null) {
                            conflict = Detail.CONFLICT.with(paths.get(i), paths.get(j));
                        }
                        differ = true;
                    } else if (!x.equals(y)) {
                        differ = true;
                    }
                }
                if (!differ) {
                    throw Errors.invalid(parameter, Detail.OVERLAP, paths.get(i), paths.get(j));
                }
            }
        }
        if (conflict != null) {
            throw Errors.invalid(parameter, conflict);
        }
    }

    private static String typeName(Value v) {
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "L" -> "LIST";
            case "M" -> "MAP";
            default -> v.type();
        };
    }

    private void checkAddDeleteOperands(List<RawClause> clauses) {
        for (RawClause clause : clauses) {
            if (clause.section() != Section.ADD && clause.section() != Section.DELETE) {
                continue;
            }
            for (RawAction a : clause.actions()) {
                Value v = resolver.value(((Syn.ValueSyn) a.value()).token());
                boolean set = v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
                boolean ok = set || (clause.section() == Section.ADD && v instanceof Value.N);
                if (!ok) {
                    throw Errors.invalid(PARAMETER, "Incorrect operand type for operator or function; operator: "
                            + clause.section() + ", operand type: " + typeName(v));
                }
            }
        }
    }

    /** The type of an operand known before any item is seen (a constant's), or null. */
    private String immediateType(Syn syn) {
        Syn s = Syn.unwrap(syn);
        return s instanceof Syn.ValueSyn v ? resolver.value(v.token()).type() : null;
    }

    private void checkFunctions(Syn syn) {
        Syn.postOrder(syn, s -> {
            if (s instanceof Syn.CallSyn c) {
                Ast.Function f = Ast.Function.named(c.name().text(), false);
                if (c.args().size() != f.operands) {
                    throw Errors.invalid(PARAMETER, Detail.OPERAND_COUNT, f.text, c.args().size());
                }
                if (f == Ast.Function.IF_NOT_EXISTS && !(Syn.unwrap(c.args().get(0)) instanceof Syn.PathSyn)) {
                    throw Errors.invalid(PARAMETER, Detail.REQUIRES_PATH, f.text);
                }
                if (f == Ast.Function.LIST_APPEND) {
                    for (Syn a : c.args()) {
                        String t = immediateType(a);
                        if (t != null && !t.equals("L")) {
                            throw Errors.invalid(PARAMETER, Detail.OPERAND_TYPE, f.text, t);
                        }
                    }
                }
            } else if (s instanceof Syn.ArithSyn a) {
                for (Syn operand : Syn.children(a)) {
                    String t = immediateType(operand);
                    if (t != null && !t.equals("N")) {
                        throw Errors.invalid(PARAMETER, Detail.OPERAND_TYPE, a.op().text(), t);
                    }
                }
            }
        });
    }

    private static int countOperators(Syn syn) {
        int[] count = {0};
        Syn.preOrder(syn, s -> {
            if (s instanceof Syn.CallSyn || s instanceof Syn.ArithSyn) {
                count[0]++;
            }
        });
        return count[0];
    }

    private Ast.Operand operand(Syn syn) {
        Syn s = Syn.unwrap(syn);
        Ast.Operand leaf = resolver.pathOrValue(s);
        if (leaf != null) {
            return leaf;
        }
        if (s instanceof Syn.ArithSyn a) {
            return new Ast.Arith(a.op().text().equals("+"), operand(a.left()), operand(a.right()));
        }
        Syn.CallSyn c = (Syn.CallSyn) s;
        if (Ast.Function.named(c.name().text(), false) == Ast.Function.IF_NOT_EXISTS) {
            Syn.PathSyn path = (Syn.PathSyn) Syn.unwrap(c.args().get(0));
            return new Ast.IfNotExists(resolver.path(path), operand(c.args().get(1)));
        }
        return new Ast.ListAppend(operand(c.args().get(0)), operand(c.args().get(1)));
    }
}
