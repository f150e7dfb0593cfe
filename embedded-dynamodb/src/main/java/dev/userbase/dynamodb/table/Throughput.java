package dev.userbase.dynamodb.table;

/** Provisioned read and write capacity units (0 and 0 for an on-demand table). */
public record Throughput(long read, long write, double lastIncrease, double lastDecrease, int decreasesToday) {

    public static final Throughput ON_DEMAND = new Throughput(0, 0, 0, 0, 0);

    public static Throughput of(long read, long write) {
        return new Throughput(read, write, 0, 0, 0);
    }
}
