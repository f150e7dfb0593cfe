package dev.userbase.dynamodb.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * One DynamoDB attribute value: immutable, with value equality (sets compare as sets, numbers by
 * value). The ten types of the wire protocol, named by their wire tags.
 */
public sealed interface Value {

    /** The wire tag: S, N, B, BOOL, NULL, L, M, SS, NS or BS. */
    String type();

    /** Bytes this value counts for in item size and capacity (not including its attribute name). */
    int size();

    record S(String value) implements Value {
        public String type() {
            return "S";
        }

        public int size() {
            return utf8Length(value);
        }
    }

    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.check(value);
        }

        public static N of(String text) {
            return new N(Numbers.parse(text));
        }

        public static N of(long n) {
            return new N(BigDecimal.valueOf(n));
        }

        public String type() {
            return "N";
        }

        public int size() {
            return Numbers.size(value);
        }

        public String text() {
            return Numbers.format(value);
        }
    }

    record B(Bytes value) implements Value {
        public String type() {
            return "B";
        }

        public int size() {
            return value.length();
        }
    }

    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public String type() {
            return "BOOL";
        }

        public int size() {
            return 1;
        }
    }

    record Null() implements Value {
        public static final Null INSTANCE = new Null();

        public String type() {
            return "NULL";
        }

        public int size() {
            return 1;
        }
    }

    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }

        public String type() {
            return "L";
        }

        /** 3 bytes, and 1 more with each element's own size. */
        public int size() {
            return 3 + sum(values, v -> v.size() + 1);
        }
    }

    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String type() {
            return "M";
        }

        /** 3 bytes, and 1 more with each member's name and value. */
        public int size() {
            return 3 + sum(values.entrySet(), e -> utf8Length(e.getKey()) + e.getValue().size() + 1);
        }
    }

    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "SS";
        }

        public int size() {
            return sum(values, Value::utf8Length);
        }
    }

    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            LinkedHashSet<BigDecimal> checked = new LinkedHashSet<>();
            for (BigDecimal v : values) {
                checked.add(Numbers.check(v));
            }
            values = Collections.unmodifiableSet(checked);
        }

        public String type() {
            return "NS";
        }

        public int size() {
            return sum(values, Numbers::size);
        }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "BS";
        }

        public int size() {
            return sum(values, Bytes::length);
        }
    }

    /** The sizes of a collection's elements, added up. */
    private static <T> int sum(Iterable<T> elements, ToIntFunction<? super T> size) {
        int total = 0;
        for (T e : elements) {
            total += size.applyAsInt(e);
        }
        return total;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
