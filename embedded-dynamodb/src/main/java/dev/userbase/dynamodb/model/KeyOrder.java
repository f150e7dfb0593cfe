package dev.userbase.dynamodb.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How DynamoDB orders key values: strings by their UTF-8 bytes (unsigned), numbers by value,
 * binary by unsigned bytes. Only scalar key types (S, N, B) are ordered.
 */
public final class KeyOrder {

    public static final Comparator<Value> SCALARS = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(Value a, Value b) {
        if (a instanceof Value.S s1 && b instanceof Value.S s2) {
            return compareUtf8(s1.value(), s2.value());
        }
        if (a instanceof Value.N n1 && b instanceof Value.N n2) {
            return n1.value().compareTo(n2.value());
        }
        if (a instanceof Value.B b1 && b instanceof Value.B b2) {
            return b1.value().compareTo(b2.value());
        }
        throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
    }

    /**
     * Compares strings by UTF-8 bytes without encoding them: UTF-16 order equals code point order
     * except around surrogates, and code point order equals UTF-8 byte order.
     */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs == ys) {
                    return Character.compare(x, y);
                }
                // a surrogate (code point >= U+10000) sorts after every BMP character
                return xs ? 1 : -1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    static int compareUtf8Bytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
