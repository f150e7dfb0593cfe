package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an expression into tokens. Never fails: a character no token starts with becomes a
 * one-character {@link Kind#UNKNOWN} token, which the parser then reports as DynamoDB does
 * ({@code Syntax error; token: "!", near: "!!"}), at the point where it is reached.
 */
final class Lexer {

    enum Kind {
        /** A bare word: an attribute name, a function name or a keyword. */
        IDENT,
        /** {@code #name}, an expression attribute name. */
        NAME,
        /** {@code :value}, an expression attribute value. */
        VALUE,
        /** Digits, only valid as a list index. */
        NUMBER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
        UNKNOWN,
        EOF
    }

    record Token(Kind kind, String text, int start, int end) {

        boolean is(Kind k) {
            return kind == k;
        }

        /** Whether this is the bare word {@code keyword}, compared without case. */
        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        /** The text DynamoDB quotes for this token in a syntax error. */
        String display() {
            return kind == Kind.EOF ? "<EOF>" : text;
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private Lexer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isWordStart(c)) {
                i = wordEnd(text, i + 1);
                kind = Kind.IDENT;
            } else if ((c == '#' || c == ':') && i + 1 < n && isWordPart(text.charAt(i + 1))) {
                i = wordEnd(text, i + 1);
                kind = c == '#' ? Kind.NAME : Kind.VALUE;
            } else if (c >= '0' && c <= '9') {
                while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                kind = Kind.NUMBER;
            } else {
                i++;
                switch (c) {
                    case '(' -> kind = Kind.LPAREN;
                    case ')' -> kind = Kind.RPAREN;
                    case '[' -> kind = Kind.LBRACKET;
                    case ']' -> kind = Kind.RBRACKET;
                    case ',' -> kind = Kind.COMMA;
                    case '.' -> kind = Kind.DOT;
                    case '=' -> kind = Kind.EQ;
                    case '+' -> kind = Kind.PLUS;
                    case '-' -> kind = Kind.MINUS;
                    case '<' -> {
                        if (i < n && text.charAt(i) == '=') {
                            i++;
                            kind = Kind.LE;
                        } else if (i < n && text.charAt(i) == '>') {
                            i++;
                            kind = Kind.NE;
                        } else {
                            kind = Kind.LT;
                        }
                    }
                    case '>' -> {
                        if (i < n && text.charAt(i) == '=') {
                            i++;
                            kind = Kind.GE;
                        } else {
                            kind = Kind.GT;
                        }
                    }
                    default -> {
                        // one code point, so that a character outside the BMP is one token
                        if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(text.charAt(i))) {
                            i++;
                        }
                        kind = Kind.UNKNOWN;
                    }
                }
            }
            tokens.add(new Token(kind, text.substring(start, i), start, i));
        }
        tokens.add(new Token(Kind.EOF, "", n, n));
        return tokens;
    }

    private static int wordEnd(String text, int i) {
        while (i < text.length() && isWordPart(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
