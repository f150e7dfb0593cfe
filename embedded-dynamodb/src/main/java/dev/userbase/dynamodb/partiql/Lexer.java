package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into tokens. Comments ({@code --} to the end of the line, {@code /* … *}{@code /})
 * are whitespace. A character the grammar has no use for, an unterminated string, name or comment
 * is refused with DynamoDB's bare "wasn't well formed" message (nothing after the colon).
 */
final class Lexer {

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String statement) {
        return new Lexer(statement).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", line, column(pos), 0));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private int column(int at) {
        return at - lineStart + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw Errors.malformed();
                }
                for (int i = pos; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private Token next() {
        int start = pos;
        int startLine = line;
        int startColumn = column(pos);
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '$')) {
                pos++;
            }
            return new Token(Token.Kind.IDENTIFIER, text.substring(start, pos), startLine, startColumn, pos - start);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number(start, startLine, startColumn);
        }
        if (c == '\'' || c == '"') {
            String value = quoted(c);
            return new Token(c == '\'' ? Token.Kind.STRING : Token.Kind.QUOTED, value, startLine, startColumn, pos - start);
        }
        if (c == '?') {
            pos++;
            return new Token(Token.Kind.PARAMETER, "?", startLine, startColumn, 1);
        }
        for (String symbol : new String[] {"<<", ">>", "<>", "!=", "<=", ">=", "||"}) {
            if (text.startsWith(symbol, pos)) {
                pos += 2;
                return new Token(Token.Kind.SYMBOL, symbol, startLine, startColumn, 2);
            }
        }
        if ("*,.()[]{}=<>+-/%;:".indexOf(c) >= 0) {
            pos++;
            return new Token(Token.Kind.SYMBOL, String.valueOf(c), startLine, startColumn, 1);
        }
        throw Errors.malformed();
    }

    private Token number(int start, int startLine, int startColumn) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = mark;
            }
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, pos), startLine, startColumn, pos - start);
    }

    /** A quoted string or name; the quote character doubled stands for itself. */
    private String quoted(char quote) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw Errors.malformed();
            }
            char c = text.charAt(pos);
            if (c == quote) {
                if (peek(1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return value.toString();
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            value.append(c);
            pos++;
        }
    }
}
