package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens. Whitespace separates; every other character belongs to a token. */
final class Lexer {

    private Lexer() {
    }

    static List<Token> tokens(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            Token.Kind kind;
            if (isWordStart(c)) {
                while (i < n && isWordPart(source.charAt(i))) {
                    i++;
                }
                kind = Token.Kind.WORD;
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordPart(source.charAt(i))) {
                    i++;
                }
                kind = i == start + 1 ? Token.Kind.OTHER : c == '#' ? Token.Kind.NAME_PLACEHOLDER : Token.Kind.VALUE_PLACEHOLDER;
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                kind = Token.Kind.NUMBER;
            } else {
                i++;
                switch (c) {
                    case '(' -> kind = Token.Kind.LPAREN;
                    case ')' -> kind = Token.Kind.RPAREN;
                    case '[' -> kind = Token.Kind.LBRACKET;
                    case ']' -> kind = Token.Kind.RBRACKET;
                    case ',' -> kind = Token.Kind.COMMA;
                    case '.' -> kind = Token.Kind.DOT;
                    case '=' -> kind = Token.Kind.EQ;
                    case '+' -> kind = Token.Kind.PLUS;
                    case '-' -> kind = Token.Kind.MINUS;
                    case '<' -> {
                        if (i < n && source.charAt(i) == '>') {
                            i++;
                            kind = Token.Kind.NE;
                        } else if (i < n && source.charAt(i) == '=') {
                            i++;
                            kind = Token.Kind.LE;
                        } else {
                            kind = Token.Kind.LT;
                        }
                    }
                    case '>' -> {
                        if (i < n && source.charAt(i) == '=') {
                            i++;
                            kind = Token.Kind.GE;
                        } else {
                            kind = Token.Kind.GT;
                        }
                    }
                    default -> kind = Token.Kind.OTHER;
                }
            }
            tokens.add(new Token(kind, source.substring(start, i), start, i));
        }
        tokens.add(new Token(Token.Kind.EOF, "", n, n));
        return tokens;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
