package dev.userbase.dynamodb.partiql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.userbase.dynamodb.DynamoDbException;

/** DynamoDB's PartiQL error messages, in one place. */
final class Errors {

    static final String NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";
    static final String MANDATORY_KEY = "Where clause does not contain a mandatory equality on all key attributes";
    static final String DUPLICATE_ITEM = "Duplicate primary key exists in table";
    static final String PARAMETER_COUNT = "Number of parameters in request and statement don't match.";

    private Errors() {
    }

    /** The parser's refusal, with its detail after the colon. */
    static DynamoDbException malformed(String detail) {
        return DynamoDbException.validation(NOT_WELL_FORMED + detail);
    }

    /** A statement the parser cannot read at all: nothing after the colon (DynamoDB's own trailing space kept). */
    static DynamoDbException malformed() {
        return DynamoDbException.validation(NOT_WELL_FORMED);
    }

    static DynamoDbException leftover() {
        return malformed("Unexpected token after expression");
    }

    static DynamoDbException validation(String message) {
        return DynamoDbException.validation(message);
    }

    static DynamoDbException duplicateItem() {
        return DynamoDbException.of("DuplicateItemException", DUPLICATE_ITEM);
    }

    /** The prefix the expression parser puts on its messages; PartiQL's own messages have none. */
    private static final Pattern EXPRESSION_PREFIX = Pattern.compile("^Invalid [A-Za-z]*Expression: (.*)$", Pattern.DOTALL);

    /**
     * An error of an operation a statement ran as, as the statement's own: the expression parser's
     * {@code Invalid UpdateExpression:} (and the like) taken off, since the expression is ours, not the
     * caller's.
     */
    static DynamoDbException fromEngine(DynamoDbException e) {
        String message = e.getMessage();
        if (message != null && "ValidationException".equals(e.type())) {
            String stripped = strip(message);
            if (!stripped.equals(message)) {
                return DynamoDbException.validation(stripped);
            }
        }
        return e;
    }

    static String strip(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = EXPRESSION_PREFIX.matcher(message);
        return m.matches() ? m.group(1) : message;
    }

    private static final Map<String, String> BATCH_CODES = Map.ofEntries(
            Map.entry("ConditionalCheckFailedException", "ConditionalCheckFailed"),
            Map.entry("DuplicateItemException", "DuplicateItem"),
            Map.entry("ValidationException", "ValidationError"),
            Map.entry("SerializationException", "ValidationError"),
            Map.entry("ResourceNotFoundException", "ResourceNotFound"),
            Map.entry("ProvisionedThroughputExceededException", "ProvisionedThroughputExceeded"),
            Map.entry("TransactionConflictException", "TransactionConflict"),
            Map.entry("ThrottlingException", "ThrottlingError"),
            Map.entry("InternalServerError", "InternalServerError"),
            Map.entry("RequestLimitExceeded", "RequestLimitExceeded"),
            Map.entry("ItemCollectionSizeLimitExceededException", "ItemCollectionSizeLimitExceeded"),
            Map.entry("AccessDeniedException", "AccessDenied"));

    /** The {@code Code} of a BatchExecuteStatement error entry (DynamoDB's BatchStatementErrorCodeEnum). */
    static String batchCode(DynamoDbException e) {
        String code = BATCH_CODES.get(e.type());
        if (code != null) {
            return code;
        }
        return e.type().endsWith("Exception") ? e.type().substring(0, e.type().length() - "Exception".length()) : e.type();
    }
}
