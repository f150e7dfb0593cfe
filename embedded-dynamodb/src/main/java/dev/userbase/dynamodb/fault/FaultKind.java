package dev.userbase.dynamodb.fault;

/** The errors the engine can be told to answer with, as DynamoDB answers them. */
public enum FaultKind {

    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400,
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
                    + "provisioning level with the UpdateTable API."),
    THROTTLING("ThrottlingException", 400, "Rate of requests exceeds the allowed throughput."),
    INTERNAL_SERVER_ERROR("InternalServerError", 500, "Internal server error"),
    /** TransactionCanceledException with TransactionConflict reasons for a transaction; TransactionConflictException otherwise. */
    TRANSACTION_CONFLICT("TransactionConflictException", 400, "Transaction is ongoing for the item");

    private final String type;
    private final int status;
    private final String message;

    FaultKind(String type, int status, String message) {
        this.type = type;
        this.status = status;
        this.message = message;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** By its error name ({@code ThrottlingException}) or constant name ({@code THROTTLING}). */
    public static FaultKind parse(String name) {
        for (FaultKind k : values()) {
            if (k.type.equals(name) || k.name().equalsIgnoreCase(name) || k.type.replace("Exception", "").equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault: " + name + " (one of ProvisionedThroughputExceededException, "
                + "ThrottlingException, InternalServerError, TransactionConflict)");
    }
}
