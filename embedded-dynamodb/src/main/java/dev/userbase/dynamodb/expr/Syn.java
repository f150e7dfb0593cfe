package dev.userbase.dynamodb.expr;

import java.util.List;

import dev.userbase.dynamodb.expr.Lexer.Token;

/**
 * The syntax tree an expression parses into, before names and values are resolved and before the
 * checks DynamoDB makes after parsing (reserved words, functions, types). It keeps the tokens, so
 * that those checks can name what they refuse exactly as it was written.
 */
sealed interface Syn {

    /** {@code name}, {@code #name}, {@code a.b[1].#c}: the tokens of each element. */
    record PathSyn(List<Element> elements) implements Syn {
        public PathSyn {
            elements = List.copyOf(elements);
        }
    }

    /** One element of a path: a name ({@code IDENT} or {@code NAME} token) or a list index. */
    sealed interface Element {
    }

    record NameElement(Token token) implements Element {
    }

    record IndexElement(int index, Token token) implements Element {
    }

    /** {@code :value}. */
    record ValueSyn(Token token) implements Syn {
    }

    /** {@code name(arg, ...)}; the name is checked against the known functions later. */
    record CallSyn(Token name, List<Syn> args) implements Syn {
        public CallSyn {
            args = List.copyOf(args);
        }
    }

    /** {@code ( inner )}, kept so that parentheses never change meaning but can be found redundant. */
    record ParenSyn(Syn inner) implements Syn {
    }

    /** {@code left op right} with op one of {@code = <> < <= > >=}. */
    record CompareSyn(Token op, Syn left, Syn right) implements Syn {
    }

    record BetweenSyn(Syn value, Syn lower, Syn upper) implements Syn {
    }

    record InSyn(Syn value, List<Syn> list) implements Syn {
        public InSyn {
            list = List.copyOf(list);
        }
    }

    record AndSyn(Syn left, Syn right) implements Syn {
    }

    record OrSyn(Syn left, Syn right) implements Syn {
    }

    record NotSyn(Syn operand) implements Syn {
    }

    /** {@code left + right} or {@code left - right} in a SET action. */
    record ArithSyn(Token op, Syn left, Syn right) implements Syn {
    }

    /** Removes any number of parentheses around a node. */
    static Syn unwrap(Syn syn) {
        Syn s = syn;
        while (s instanceof ParenSyn p) {
            s = p.inner();
        }
        return s;
    }

    /** The direct children of a node, in the order they were written. */
    static List<Syn> children(Syn syn) {
        if (syn instanceof CallSyn c) {
            return c.args();
        }
        if (syn instanceof ParenSyn p) {
            return List.of(p.inner());
        }
        if (syn instanceof CompareSyn c) {
            return List.of(c.left(), c.right());
        }
        if (syn instanceof BetweenSyn b) {
            return List.of(b.value(), b.lower(), b.upper());
        }
        if (syn instanceof InSyn in) {
            java.util.ArrayList<Syn> all = new java.util.ArrayList<>();
            all.add(in.value());
            all.addAll(in.list());
            return all;
        }
        if (syn instanceof AndSyn a) {
            return List.of(a.left(), a.right());
        }
        if (syn instanceof OrSyn o) {
            return List.of(o.left(), o.right());
        }
        if (syn instanceof NotSyn n) {
            return List.of(n.operand());
        }
        if (syn instanceof ArithSyn a) {
            return List.of(a.left(), a.right());
        }
        return List.of();
    }

    /** Visits every node, children before their parent, left to right. */
    static void postOrder(Syn syn, java.util.function.Consumer<Syn> visitor) {
        for (Syn child : children(syn)) {
            postOrder(child, visitor);
        }
        visitor.accept(syn);
    }

    /** Visits every node, parents before their children, left to right (the order of the text). */
    static void preOrder(Syn syn, java.util.function.Consumer<Syn> visitor) {
        visitor.accept(syn);
        for (Syn child : children(syn)) {
            preOrder(child, visitor);
        }
    }
}
