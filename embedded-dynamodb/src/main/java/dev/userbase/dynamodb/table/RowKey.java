package dev.userbase.dynamodb.table;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Value;

/**
 * Where a row sits in a table or index: ordered by the hash of its partition key first (so a scan
 * visits partitions in hash order and a parallel scan's segments are contiguous hash ranges), then
 * by partition key, sort key, and for index rows the table's own key. {@link Bound} parts make the
 * lowest and highest keys of a range, for sub-map views.
 */
public final class RowKey implements Comparable<RowKey> {

    /** Sentinels below and above every value. */
    public enum Bound { MIN, MAX }

    private final long bucket;
    private final Object[] parts;

    private RowKey(long bucket, Object[] parts) {
        this.bucket = bucket;
        this.parts = parts;
    }

    /** A table row: partition key and sort key (null in a hash-only table). */
    public static RowKey of(Value hash, Value range) {
        return new RowKey(bucket(hash), new Object[] {hash, range});
    }

    /** An index row: index keys (range may be null), then the table row's keys. */
    public static RowKey ofIndex(Value hash, Value range, Value tableHash, Value tableRange) {
        return new RowKey(bucket(hash), new Object[] {hash, range, tableHash, tableRange});
    }

    /** The first or last possible key of a partition, with {@code width} parts after the partition key. */
    public static RowKey partitionBound(Value hash, int width, Bound bound) {
        Object[] parts = new Object[width + 1];
        Arrays.fill(parts, bound);
        parts[0] = hash;
        return new RowKey(bucket(hash), parts);
    }

    /** A key in a partition with the sort key fixed and everything after it at {@code bound}. */
    public static RowKey rangeBound(Value hash, Value range, int width, Bound bound) {
        Object[] parts = new Object[width + 1];
        Arrays.fill(parts, bound);
        parts[0] = hash;
        parts[1] = range;
        return new RowKey(bucket(hash), parts);
    }

    /** The lowest key of a hash bucket (for parallel scan segments); {@code bucket} in [0, 2^32]. */
    public static RowKey bucketStart(long bucket, int width) {
        Object[] parts = new Object[width + 1];
        Arrays.fill(parts, Bound.MIN);
        return new RowKey(bucket, parts);
    }

    public long bucket() {
        return bucket;
    }

    public Value hash() {
        return (Value) parts[0];
    }

    public Value range() {
        return (Value) parts[1];
    }

    @Override
    public int compareTo(RowKey other) {
        int c = Long.compare(bucket, other.bucket);
        if (c != 0) {
            return c;
        }
        int n = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < n; i++) {
            Object a = i < parts.length ? parts[i] : null;
            Object b = i < other.parts.length ? other.parts[i] : null;
            c = comparePart(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int rank(Object part) {
        if (part == Bound.MIN) {
            return 0;
        }
        if (part == null) {
            return 1;
        }
        if (part == Bound.MAX) {
            return 3;
        }
        return 2;
    }

    private static int comparePart(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb || ra != 2) {
            return Integer.compare(ra, rb);
        }
        return KeyOrder.compare((Value) a, (Value) b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bucket) * 31 + Arrays.hashCode(parts);
    }

    /** A well-mixed, stable 32-bit hash of a partition key value (FNV-1a, then a finaliser). */
    public static long bucket(Value hash) {
        byte[] bytes;
        if (hash instanceof Value.S s) {
            bytes = s.value().getBytes(StandardCharsets.UTF_8);
        } else if (hash instanceof Value.N n) {
            bytes = n.text().getBytes(StandardCharsets.US_ASCII);
        } else if (hash instanceof Value.B b) {
            bytes = b.value().toArray();
        } else {
            throw new IllegalArgumentException("not a key type: " + hash.type());
        }
        long h = 0xcbf29ce484222325L;
        for (byte x : bytes) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h >>> 32;
    }
}
