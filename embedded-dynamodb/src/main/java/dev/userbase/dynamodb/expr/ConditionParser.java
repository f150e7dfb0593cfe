package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import dev.userbase.dynamodb.expr.Lexer.Kind;
import dev.userbase.dynamodb.expr.Lexer.Token;

/**
 * The grammar of condition, filter and key condition expressions (Developer Guide, "Condition and
 * filter expressions, operators, and functions"):
 *
 * <pre>
 * condition  ::= and ( OR and )*
 * and        ::= not ( AND not )*
 * not        ::= NOT not | primary
 * primary    ::= '(' condition ')'
 *              | operand comparator operand
 *              | operand BETWEEN operand AND operand
 *              | operand IN '(' operand ( ',' operand )* ')'
 *              | function
 * comparator ::= = | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 *
 * so NOT binds tighter than AND, and AND tighter than OR. Keywords are not case sensitive.
 */
final class ConditionParser extends Parser {

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

    ConditionParser(String text, String parameter) {
        super(text, parameter, KEYWORDS);
    }

    /** Parses the whole text; throws the syntax error DynamoDB reports. */
    Syn parseAll() {
        Syn syn = parseOr();
        expectEnd();
        return syn;
    }

    private Syn parseOr() {
        return leftAssociative("OR", this::parseAnd, Syn.OrSyn::new);
    }

    private Syn parseAnd() {
        return leftAssociative("AND", this::parseNot, Syn.AndSyn::new);
    }

    /** {@code operand (keyword operand)*}, grouped from the left. */
    private Syn leftAssociative(String keyword, Supplier<Syn> operand, BinaryOperator<Syn> join) {
        Syn left = operand.get();
        while (atKeyword(keyword)) {
            next();
            left = join.apply(left, operand.get());
        }
        return left;
    }

    private Syn parseNot() {
        if (atKeyword("NOT")) {
            next();
            enter();
            Syn operand = parseNot();
            leave();
            return new Syn.NotSyn(operand);
        }
        return parsePrimary();
    }

    private Syn parsePrimary() {
        if (at(Kind.LPAREN) && opensCondition(pos)) {
            return parenthesised(this::parseOr);
        }
        return parseComparison();
    }

    /**
     * Whether the parenthesis at {@code open} groups a condition rather than an operand: an operand
     * in parentheses is followed by a comparator, BETWEEN or IN.
     */
    private boolean opensCondition(int open) {
        Token after = afterMatchingParenthesis(open);
        return after == null || !(isComparator(after) || after.isKeyword("BETWEEN") || after.isKeyword("IN"));
    }

    private static boolean isComparator(Token t) {
        return switch (t.kind()) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    private Syn parseComparison() {
        Syn left = parseOperand();
        Token t = peek();
        if (isComparator(t)) {
            next();
            return new Syn.CompareSyn(t, left, parseOperand());
        }
        if (t.isKeyword("BETWEEN")) {
            next();
            Syn lower = parseOperand();
            expectKeyword("AND");
            return new Syn.BetweenSyn(left, lower, parseOperand());
        }
        if (t.isKeyword("IN")) {
            next();
            expect(Kind.LPAREN);
            List<Syn> list = new ArrayList<>();
            list.add(parseOperand());
            while (at(Kind.COMMA)) {
                next();
                list.add(parseOperand());
            }
            expect(Kind.RPAREN);
            return new Syn.InSyn(left, list);
        }
        if (Syn.unwrap(left) instanceof Syn.CallSyn) {
            // a function on its own is a condition (attribute_exists(a)); which functions may be
            // used this way is checked after parsing
            return left;
        }
        throw syntaxError();
    }
}
