package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.userbase.dynamodb.expr.Lexer.Kind;
import dev.userbase.dynamodb.expr.Lexer.Token;

/**
 * The grammar of update expressions (Developer Guide, "Using update expressions"):
 *
 * <pre>
 * update     ::= clause+
 * clause     ::= SET set (',' set)* | REMOVE path (',' path)*
 *              | ADD path :value (',' path :value)* | DELETE path :value (',' path :value)*
 * set        ::= path '=' value
 * value      ::= '(' term ')' | term
 * term       ::= operand ( ('+' | '-') operand )?
 * operand    ::= '(' operand ')' | :value | path | function '(' operand (',' operand)* ')'
 * </pre>
 *
 * Which clauses repeat, which functions exist and how many operands they take is checked after
 * parsing, as DynamoDB reports those after syntax errors.
 */
final class UpdateParser extends Parser {

    private static final Set<String> KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    enum Section { SET, REMOVE, ADD, DELETE }

    /** One action: the path it writes and, but for REMOVE, what it writes. */
    record RawAction(Section section, Syn.PathSyn path, Syn value) {
    }

    record RawClause(Section section, Token keyword, List<RawAction> actions) {
    }

    UpdateParser(String text) {
        super(text, "UpdateExpression", KEYWORDS);
    }

    List<RawClause> parseAll() {
        List<RawClause> clauses = new ArrayList<>();
        do {
            Token keyword = peek();
            if (!isKeyword(keyword)) {
                throw syntaxError();
            }
            next();
            Section section = Section.valueOf(keyword.upper());
            List<RawAction> actions = new ArrayList<>();
            actions.add(action(section));
            while (at(Kind.COMMA)) {
                next();
                actions.add(action(section));
            }
            clauses.add(new RawClause(section, keyword, actions));
        } while (!at(Kind.EOF));
        return clauses;
    }

    private RawAction action(Section section) {
        Syn.PathSyn path = parsePath();
        switch (section) {
            case SET -> {
                expect(Kind.EQ);
                return new RawAction(section, path, value());
            }
            case REMOVE -> {
                return new RawAction(section, path, null);
            }
            default -> {
                return new RawAction(section, path, new Syn.ValueSyn(expect(Kind.VALUE)));
            }
        }
    }

    private Syn value() {
        if (at(Kind.LPAREN) && !parenthesisedOperand(pos)) {
            next();
            Syn term = term();
            expect(Kind.RPAREN);
            return new Syn.ParenSyn(term);
        }
        return term();
    }

    /** Whether the parenthesis at {@code open} wraps the first operand of {@code + -}. */
    private boolean parenthesisedOperand(int open) {
        Token after = afterMatchingParenthesis(open);
        return after != null && (after.is(Kind.PLUS) || after.is(Kind.MINUS));
    }

    private Syn term() {
        Syn left = parseOperand();
        if (at(Kind.PLUS) || at(Kind.MINUS)) {
            Token op = next();
            return new Syn.ArithSyn(op, left, parseOperand());
        }
        return left;
    }
}
