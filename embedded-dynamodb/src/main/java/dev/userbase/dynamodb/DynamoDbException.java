package dev.userbase.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userbase.dynamodb.model.Value;

/**
 * An error as DynamoDB answers it: the {@code __type} short name (for example
 * {@code ValidationException}), the message, the HTTP status, and for some errors the item
 * ({@code ReturnValuesOnConditionCheckFailure}) or the transaction's cancellation reasons.
 */
public final class DynamoDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One entry of a cancelled transaction's {@code CancellationReasons}. */
    public record CancellationReason(String code, String message, Optional<Map<String, Value>> item) {
        public static final CancellationReason NONE = new CancellationReason("None", null, Optional.empty());
    }

    private final String type;
    private final int status;
    private final transient Optional<Map<String, Value>> item;
    private final transient List<CancellationReason> reasons;

    private DynamoDbException(String type, String message, int status, Optional<Map<String, Value>> item,
            List<CancellationReason> reasons) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.item = item;
        this.reasons = reasons;
    }

    public static DynamoDbException of(String type, String message) {
        return new DynamoDbException(type, message, 400, Optional.empty(), List.of());
    }

    public static DynamoDbException validation(String message) {
        return of("ValidationException", message);
    }

    /**
     * The service's own parameter checks that failed, reported together as DynamoDB does:
     * {@code 1 validation error detected: …} or {@code 2 validation errors detected: …; …}.
     */
    public static DynamoDbException validationErrors(List<String> errors) {
        String prefix = errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
        return validation(prefix + String.join("; ", errors));
    }

    /** The SDK's error for a request member of the wrong JSON type: {@code Unexpected value type in payload for <member>}. */
    public static DynamoDbException unexpectedType(String member) {
        return of("SerializationException", "Unexpected value type in payload for " + member);
    }

    /** {@code One or more parameter values were invalid: ...}, DynamoDB's prefix for bad parameter values. */
    public static DynamoDbException invalidParameter(String message) {
        return validation("One or more parameter values were invalid: " + message);
    }

    public static DynamoDbException resourceNotFound(String message) {
        return of("ResourceNotFoundException", message);
    }

    /** {@code Requested resource not found: <kind>: <name> not found} ({@code Table}, {@code Stream}, {@code Index}, …). */
    public static DynamoDbException resourceNotFound(String kind, String name) {
        return resourceNotFound("Requested resource not found: " + kind + ": " + name + " not found");
    }

    public static DynamoDbException tableNotFound() {
        return resourceNotFound("Requested resource not found");
    }

    public static DynamoDbException resourceInUse(String message) {
        return of("ResourceInUseException", message);
    }

    public static DynamoDbException conditionalCheckFailed(Optional<Map<String, Value>> item) {
        return new DynamoDbException("ConditionalCheckFailedException", "The conditional request failed", 400, item, List.of());
    }

    public static DynamoDbException transactionCanceled(List<CancellationReason> reasons) {
        StringBuilder codes = new StringBuilder();
        for (CancellationReason r : reasons) {
            codes.append(codes.length() == 0 ? "" : ", ").append(r.code());
        }
        return new DynamoDbException("TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]",
                400, Optional.empty(), List.copyOf(reasons));
    }

    public static DynamoDbException internal(String message) {
        return new DynamoDbException("InternalServerError", message, 500, Optional.empty(), List.of());
    }

    public static DynamoDbException unknownOperation(String target) {
        return of("UnknownOperationException", null);
    }

    public DynamoDbException withStatus(int newStatus) {
        return new DynamoDbException(type, getMessage(), newStatus, item, reasons);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public Optional<Map<String, Value>> item() {
        return item;
    }

    public List<CancellationReason> reasons() {
        return reasons;
    }
}
