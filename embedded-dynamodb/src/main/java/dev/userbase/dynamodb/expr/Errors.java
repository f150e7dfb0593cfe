package dev.userbase.dynamodb.expr;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;

/** DynamoDB's messages for expressions it refuses, in one place. */
final class Errors {

    /** The longest expression DynamoDB accepts, in UTF-8 bytes of the text as written. */
    static final int MAX_EXPRESSION_BYTES = 4096;
    /** The most operators and functions one expression may contain. */
    static final int MAX_OPERATORS = 300;
    /** The most values the right side of IN may list. */
    static final int MAX_IN_OPERANDS = 100;
    /** The deepest document path DynamoDB accepts. */
    static final int MAX_PATH_DEPTH = 32;

    private Errors() {
    }

    /** {@code Invalid <parameter>: <detail>}. */
    static DynamoDbException invalid(String parameter, String detail) {
        return DynamoDbException.validation("Invalid " + parameter + ": " + detail);
    }

    /**
     * Refuses an empty or too long expression, before it is parsed. Condition and filter expressions
     * report their size, the others do not (as DynamoDB answers).
     */
    static void checkText(String text, String parameter) {
        if (text == null || text.isBlank()) {
            throw invalid(parameter, "The expression can not be empty;");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            String detail = "Expression size has exceeded the maximum allowed size;";
            if (parameter.equals("ConditionExpression") || parameter.equals("FilterExpression")) {
                detail += " expression size: " + bytes;
            }
            throw invalid(parameter, detail);
        }
    }

    /**
     * {@code Syntax error; token: "X", near: "Y"}: X is the token that could not be accepted, Y the
     * text from the token before it to the token after it, as written.
     */
    static DynamoDbException syntax(String parameter, String text, List<Lexer.Token> tokens, int index) {
        Lexer.Token token = tokens.get(index);
        int from = index > 0 ? tokens.get(index - 1).start() : token.start();
        int to = token.end();
        if (!token.is(Lexer.Kind.EOF) && index + 1 < tokens.size()) {
            to = tokens.get(index + 1).end();
        }
        if (token.is(Lexer.Kind.EOF)) {
            to = text.length();
        }
        return invalid(parameter, "Syntax error; token: \"" + token.display() + "\", near: \"" + text.substring(from, to) + "\"");
    }

    /**
     * The details DynamoDB gives after {@code Invalid <parameter>: }, one template each; a {@link Path}
     * argument is printed as DynamoDB prints document paths.
     */
    enum Detail {
        RESERVED("Attribute name is a reserved keyword; reserved keyword: %s"),
        UNDEFINED_NAME("An expression attribute name used in the document path is not defined; attribute name: %s"),
        UNDEFINED_VALUE("An expression attribute value used in expression is not defined; attribute value: %s"),
        INVALID_FUNCTION("Invalid function name; function: %s"),
        MISUSED_FUNCTION("The function is not allowed to be used this way in an expression; function: %s"),
        OPERAND_COUNT("Incorrect number of operands for operator or function; operator or function: %s, number of operands: %d"),
        OPERAND_TYPE("Incorrect operand type for operator or function; operator or function: %s, operand type: %s"),
        REQUIRES_PATH("Operator or function requires a document path; operator or function: %s"),
        NOT_DISTINCT("The first operand must be distinct from the remaining operands for this operator or function; "
                + "operator: %s, first operand: %s"),
        REDUNDANT_PARENTHESES("The expression has redundant parentheses;"),
        OVERLAP("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s"),
        CONFLICT("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: %s, path two: %s"),
        TOO_DEEP("The document path has too many nesting levels; nesting levels: %d"),
        TOO_MANY_OPERATORS("The expression contains too many operators; operator count: %d"),
        TOO_MANY_IN_OPERANDS("The IN operator is provided with too many operands; number of operands: %d");

        private final String template;

        Detail(String template) {
            this.template = template;
        }

        String with(Object... args) {
            Object[] shown = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                shown[i] = args[i] instanceof Path path ? DocumentPaths.format(path) : args[i];
            }
            return String.format(Locale.ROOT, template, shown);
        }
    }

    /** {@code Invalid <parameter>: <detail>} with one of DynamoDB's details. */
    static DynamoDbException invalid(String parameter, Detail detail, Object... args) {
        return invalid(parameter, detail.with(args));
    }

    /** DynamoDB's rendering of a constant in BETWEEN messages: {@code AttributeValue: {N:1}}. */
    static String attributeValue(Value v) {
        return "AttributeValue: {" + v.type() + ":" + DocumentPaths.render(v) + "}";
    }

    /** Errors while applying an update to an item. */
    static DynamoDbException invalidUpdatePath() {
        return DynamoDbException.validation("The document path provided in the update expression is invalid for update");
    }

    static DynamoDbException wrongOperandType() {
        return DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }

    static DynamoDbException missingAttribute() {
        return DynamoDbException.validation("The provided expression refers to an attribute that does not exist in the item");
    }
}
