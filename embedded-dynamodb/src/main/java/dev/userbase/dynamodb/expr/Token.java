package dev.userbase.dynamodb.expr;

/** One token of an expression, with where it stands in the source (for DynamoDB's "near" in syntax errors). */
record Token(Kind kind, String text, int start, int end) {

    enum Kind {
        /** A plain word: an attribute name, a keyword or a function name. */
        WORD,
        /** {@code #name}. */
        NAME_PLACEHOLDER,
        /** {@code :value}. */
        VALUE_PLACEHOLDER,
        /** Digits (list indexes). */
        NUMBER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
        /** A character no expression uses. */
        OTHER,
        EOF
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    String display() {
        return kind == Kind.EOF ? "<EOF>" : text;
    }
}
