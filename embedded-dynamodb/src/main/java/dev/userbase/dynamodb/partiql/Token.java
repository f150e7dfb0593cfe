package dev.userbase.dynamodb.partiql;

/**
 * One token of a statement, with where it starts (line and column from 1, in characters) and its
 * length, as DynamoDB prints positions: {@code at <line>:<column>:<length>}.
 */
record Token(Kind kind, String text, int line, int column, int length) {

    enum Kind {
        /** A bare name or keyword, as written. */
        IDENTIFIER,
        /** A double-quoted name, unescaped. */
        QUOTED,
        /** A single-quoted string literal, unescaped. */
        STRING,
        NUMBER,
        /** {@code ?} */
        PARAMETER,
        /** An operator or punctuation mark: {@code * , . ( ) [ ] { } << >> = <> != < <= > >= + - / % || ;} */
        SYMBOL,
        END
    }

    boolean is(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** A bare word equal to {@code word}, ignoring case (keywords are case-insensitive). */
    boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
    }

    boolean isKeyword() {
        return kind == Kind.IDENTIFIER && Keywords.isReserved(text);
    }

    /** {@code 1:17:3}: where DynamoDB's messages point. */
    String position() {
        return line + ":" + column + ":" + length;
    }
}
