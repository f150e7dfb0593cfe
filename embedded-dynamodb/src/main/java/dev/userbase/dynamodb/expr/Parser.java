package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.Errors.Detail;
import dev.userbase.dynamodb.expr.Lexer.Kind;
import dev.userbase.dynamodb.expr.Lexer.Token;

/**
 * What the three grammars (condition, update, projection) share: the token stream, syntax errors
 * at the first token that cannot be accepted, document paths and operands. Recursive descent;
 * every grammar is LL(1) except a parenthesis that opens a condition, which one bounded look-ahead
 * (to the matching parenthesis) tells from a parenthesised operand.
 */
abstract class Parser {

    /** Deeper nesting than this cannot be anything but redundant parentheses within 4 KB. */
    private static final int MAX_NESTING = 1000;

    final String text;
    final String parameter;
    final List<Token> tokens;
    int pos;
    int depth;
    /** Set when a parenthesis directly wraps another: reported after the whole text parsed. */
    boolean redundantParentheses;

    private final Set<String> keywords;

    Parser(String text, String parameter, Set<String> keywords) {
        this.text = text;
        this.parameter = parameter;
        this.tokens = Lexer.tokenize(text);
        this.keywords = keywords;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Kind.EOF)) {
            pos++;
        }
        return t;
    }

    boolean at(Kind kind) {
        return peek().is(kind);
    }

    boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    Token expect(Kind kind) {
        if (!at(kind)) {
            throw syntaxError();
        }
        return next();
    }

    Token expectKeyword(String keyword) {
        if (!atKeyword(keyword)) {
            throw syntaxError();
        }
        return next();
    }

    void expectEnd() {
        if (!at(Kind.EOF)) {
            throw syntaxError();
        }
    }

    DynamoDbException syntaxError() {
        return Errors.syntax(parameter, text, tokens, pos);
    }

    boolean isKeyword(Token t) {
        return t.is(Kind.IDENT) && keywords.contains(t.upper());
    }

    void enter() {
        if (++depth > MAX_NESTING) {
            throw Errors.invalid(parameter, Detail.REDUNDANT_PARENTHESES);
        }
    }

    void leave() {
        depth--;
    }

    /**
     * {@code ( inner )}, at the opening parenthesis. One directly inside another is noted as
     * redundant (DynamoDB refuses them).
     */
    Syn.ParenSyn parenthesised(Supplier<Syn> parseInner) {
        next();
        enter();
        Syn inner = parseInner.get();
        leave();
        expect(Kind.RPAREN);
        if (inner instanceof Syn.ParenSyn) {
            redundantParentheses = true;
        }
        return new Syn.ParenSyn(inner);
    }

    /** {@code name}, {@code #name}, then any number of {@code .name}, {@code .#name}, {@code [n]}. */
    Syn.PathSyn parsePath() {
        List<Syn.Element> elements = new ArrayList<>();
        elements.add(new Syn.NameElement(expectName()));
        while (true) {
            if (at(Kind.DOT)) {
                next();
                elements.add(new Syn.NameElement(expectName()));
            } else if (at(Kind.LBRACKET)) {
                next();
                Token number = peek();
                if (!number.is(Kind.NUMBER)) {
                    throw syntaxError();
                }
                int index;
                try {
                    index = Integer.parseInt(number.text());
                } catch (NumberFormatException e) {
                    throw syntaxError();
                }
                next();
                expect(Kind.RBRACKET);
                elements.add(new Syn.IndexElement(index, number));
            } else {
                return new Syn.PathSyn(elements);
            }
        }
    }

    private Token expectName() {
        Token t = peek();
        if (t.is(Kind.NAME) || (t.is(Kind.IDENT) && !isKeyword(t))) {
            return next();
        }
        throw syntaxError();
    }

    /**
     * An operand: {@code :value}, a path, a function call {@code name(args)}, or any of them in
     * parentheses.
     */
    Syn parseOperand() {
        Token t = peek();
        if (t.is(Kind.LPAREN)) {
            return parenthesised(this::parseOperand);
        }
        if (t.is(Kind.VALUE)) {
            return new Syn.ValueSyn(next());
        }
        if (t.is(Kind.IDENT) && !isKeyword(t) && peek(1).is(Kind.LPAREN)) {
            Token name = next();
            next();
            List<Syn> args = new ArrayList<>();
            enter();
            args.add(parseOperand());
            while (at(Kind.COMMA)) {
                next();
                args.add(parseOperand());
            }
            leave();
            expect(Kind.RPAREN);
            return new Syn.CallSyn(name, args);
        }
        if (t.is(Kind.NAME) || t.is(Kind.IDENT)) {
            return parsePath();
        }
        throw syntaxError();
    }

    /** The token after the parenthesis that closes the one at {@code open}, or null when none closes it. */
    Token afterMatchingParenthesis(int open) {
        int level = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind k = tokens.get(i).kind();
            if (k == Kind.LPAREN) {
                level++;
            } else if (k == Kind.RPAREN) {
                level--;
                if (level == 0) {
                    return tokens.get(i + 1);
                }
            }
        }
        return null;
    }
}
