package dev.userbase.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.userbase.dynamodb.fault.FaultKind;
import dev.userbase.dynamodb.fault.Faults;

/**
 * One cell of the fault matrix the reliability tests run ({@code *FaultsIT}): an operation of the
 * engine, and what goes wrong with its next calls. {@link #matrix} makes, for each operation,
 * every {@link FaultKind} both ways the SDK sees it (fewer failures than its
 * {@value TestDynamoDb#SDK_DYNAMODB_ATTEMPTS} attempts, which it absorbs when the error is one it
 * retries, and as many as its attempts, which surface to our code), the write applied and its
 * answer lost ({@code InternalServerError}, the one error DynamoDB answers for a write that may
 * have happened) both ways, and latency.
 *
 * @param kind the error, or {@code null} for latency
 * @param count how many calls it affects
 * @param afterApplying the write is made, then the error answered
 */
public record FaultCase(String operation, FaultKind kind, int count, boolean afterApplying) {

    static final Duration LATENCY = Duration.ofMillis(150);

    /** The cases for each of {@code operations}, for code that makes one call at a time. */
    public static List<FaultCase> matrix(String... operations) {
        return matrix(1, operations);
    }

    /**
     * The cases for each of {@code operations}, for code that makes up to {@code callsAtOnce} calls
     * of an operation concurrently: those calls share the failures, so it takes that many times the
     * SDK's attempts to make sure one of them gives up.
     */
    public static List<FaultCase> matrix(int callsAtOnce, String... operations) {
        List<FaultCase> cases = new ArrayList<>();
        for (String operation : operations) {
            for (FaultKind kind : FaultKind.values()) {
                cases.add(new FaultCase(operation, kind, 2, false));
                cases.add(new FaultCase(operation, kind, TestDynamoDb.SDK_DYNAMODB_ATTEMPTS * callsAtOnce, false));
            }
            cases.add(new FaultCase(operation, FaultKind.INTERNAL_SERVER_ERROR, 1, true));
            cases.add(new FaultCase(operation, FaultKind.INTERNAL_SERVER_ERROR, TestDynamoDb.SDK_DYNAMODB_ATTEMPTS, true));
            cases.add(new FaultCase(operation, null, 1, false));
        }
        return cases;
    }

    /** Adds this case's rule to the engine's faults. */
    public void arm(Faults faults) {
        if (kind == null) {
            faults.delay(operation, LATENCY, count);
        } else if (afterApplying) {
            faults.failNextAfterApplying(operation, count, kind);
        } else {
            faults.failNext(operation, count, kind);
        }
    }

    /** True if the SDK retries this error (throttling and 5xx; not TransactionConflict). */
    public boolean sdkRetries() {
        return kind != null && kind != FaultKind.TRANSACTION_CONFLICT;
    }

    /** True if the SDK gives up on a call, so our code sees the error. */
    public boolean surfaces() {
        return kind != null && (!sdkRetries() || count >= TestDynamoDb.SDK_DYNAMODB_ATTEMPTS);
    }

    @Override
    public String toString() {
        String what = kind == null ? LATENCY.toMillis() + " ms latency" : kind.type() + (afterApplying ? " after applying" : "");
        return operation + ": " + what + " x" + count + (surfaces() ? " (surfaces)" : "");
    }
}
