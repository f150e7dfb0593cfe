package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

import dev.userbase.dynamodb.expr.Errors.Detail;
import dev.userbase.dynamodb.expr.Lexer.Kind;
import dev.userbase.dynamodb.expr.Lexer.Token;
import dev.userbase.dynamodb.model.Value;

/**
 * Resolves {@code #names} and {@code :values} of one expression through the request's
 * {@link ExpressionContext} (which records their use), and makes the checks every expression kind
 * makes on its document paths.
 */
final class Resolver {

    final ExpressionContext context;
    final String parameter;

    Resolver(ExpressionContext context, String parameter) {
        this.context = context;
        this.parameter = parameter;
    }

    String name(Token token) {
        if (!token.is(Kind.NAME)) {
            return token.text();
        }
        String name = context.name(token.text());
        if (name == null) {
            throw Errors.invalid(parameter, Detail.UNDEFINED_NAME, token.text());
        }
        return name;
    }

    Value value(Token token) {
        Value v = context.value(token.text());
        if (v == null) {
            throw Errors.invalid(parameter, Detail.UNDEFINED_VALUE, token.text());
        }
        return v;
    }

    /** A document path or a value placeholder as an operand; null for any other syntax. */
    Ast.Operand pathOrValue(Syn s) {
        if (s instanceof Syn.PathSyn p) {
            return new Ast.PathRef(path(p));
        }
        if (s instanceof Syn.ValueSyn v) {
            return new Ast.Const(value(v.token()));
        }
        return null;
    }

    Path path(Syn.PathSyn syn) {
        List<Object> elements = new ArrayList<>(syn.elements().size());
        for (Syn.Element e : syn.elements()) {
            if (e instanceof Syn.NameElement n) {
                elements.add(name(n.token()));
            } else {
                elements.add(((Syn.IndexElement) e).index());
            }
        }
        return new Path(elements);
    }

    /** Resolves every name, then every value, of a subtree in the order written (first failure wins). */
    void resolveNamesThenValues(Syn root) {
        Syn.preOrder(root, s -> {
            if (s instanceof Syn.PathSyn p) {
                path(p);
            }
        });
        Syn.preOrder(root, s -> {
            if (s instanceof Syn.ValueSyn v) {
                value(v.token());
            }
        });
    }

    /** Resolves every name and value of a subtree in the order written (first failure wins). */
    void resolveInOrder(Syn root) {
        Syn.preOrder(root, s -> {
            if (s instanceof Syn.PathSyn p) {
                path(p);
            } else if (s instanceof Syn.ValueSyn v) {
                value(v.token());
            }
        });
    }

    /** Refuses the first bare attribute name, in the order written, that is a reserved word. */
    static void checkReserved(Syn root, String parameter) {
        Syn.preOrder(root, s -> {
            if (s instanceof Syn.PathSyn p) {
                for (Syn.Element e : p.elements()) {
                    if (e instanceof Syn.NameElement n && n.token().is(Kind.IDENT) && ReservedWords.contains(n.token().text())) {
                        throw Errors.invalid(parameter, Detail.RESERVED, n.token().text());
                    }
                }
            }
        });
    }

    /** Refuses a document path nested deeper than DynamoDB allows. */
    static void checkDepth(Syn root, String parameter) {
        Syn.preOrder(root, s -> {
            if (s instanceof Syn.PathSyn p && p.elements().size() > Errors.MAX_PATH_DEPTH) {
                throw Errors.invalid(parameter, Detail.TOO_DEEP, p.elements().size());
            }
        });
    }
}
