package dev.userbase.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Value;

/**
 * The property tests' own statement of DynamoDB's rules, written from the Developer Guide and kept
 * deliberately naive (encode and compare bytes, count digits in the printed number) so that it shares
 * no code with the engine it checks.
 */
public final class ReferenceModel {

    private ReferenceModel() {
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Key order ("Query" in the API Reference: "sorted by the sort key value ... by the UTF-8 bytes of
     * a string, numerically for numbers, unsigned bytes for binary").
     */
    public static int compareKeys(Value a, Value b) {
        if (!a.type().equals(b.type())) {
            throw new IllegalArgumentException(a.type() + " vs " + b.type());
        }
        return switch (a.type()) {
            case "S" -> Arrays.compareUnsigned(utf8(((Value.S) a).value()), utf8(((Value.S) b).value()));
            case "N" -> ((Value.N) a).value().compareTo(((Value.N) b).value());
            case "B" -> Arrays.compareUnsigned(((Value.B) a).value().toArray(), ((Value.B) b).value().toArray());
            default -> throw new IllegalArgumentException("not a key type: " + a.type());
        };
    }

    public static boolean ordered(Value v) {
        return v != null && (v.type().equals("S") || v.type().equals("N") || v.type().equals("B"));
    }

    /** Value equality as DynamoDB compares with {@code =}: same type, numbers by value, sets as sets, lists in order. */
    public static boolean same(Value a, Value b) {
        if (a == null || b == null || !a.type().equals(b.type())) {
            return false;
        }
        return switch (a.type()) {
            case "S" -> ((Value.S) a).value().equals(((Value.S) b).value());
            case "N" -> ((Value.N) a).value().compareTo(((Value.N) b).value()) == 0;
            case "B" -> Arrays.equals(((Value.B) a).value().toArray(), ((Value.B) b).value().toArray());
            case "BOOL" -> ((Value.Bool) a).value() == ((Value.Bool) b).value();
            case "NULL" -> true;
            case "SS" -> ((Value.SS) a).values().equals(((Value.SS) b).values());
            case "NS" -> sameNumbers(((Value.NS) a).values(), ((Value.NS) b).values());
            case "BS" -> ((Value.BS) a).values().equals(((Value.BS) b).values());
            case "L" -> sameList(((Value.L) a).values(), ((Value.L) b).values());
            case "M" -> sameMap(((Value.M) a).values(), ((Value.M) b).values());
            default -> throw new IllegalArgumentException(a.type());
        };
    }

    private static boolean sameNumbers(Set<BigDecimal> a, Set<BigDecimal> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> x.compareTo(y) == 0));
    }

    private static boolean sameList(List<Value> a, List<Value> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean sameMap(Map<String, Value> a, Map<String, Value> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Value> e : a.entrySet()) {
            if (!same(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A value's size by "DynamoDB item sizes and formats" (Developer Guide): strings their UTF-8 bytes;
     * numbers one byte per two significant digits (leading and trailing zeros trimmed) plus one; binary
     * its raw bytes; null and Boolean one byte; lists and maps three bytes plus their elements and one
     * byte per element (a map element also its key's UTF-8 bytes); sets the sum of their elements.
     */
    public static int size(Value v) {
        return switch (v.type()) {
            case "S" -> utf8(((Value.S) v).value()).length;
            case "N" -> numberSize(((Value.N) v).value());
            case "B" -> ((Value.B) v).value().length();
            case "BOOL", "NULL" -> 1;
            case "L" -> 3 + ((Value.L) v).values().stream().mapToInt(e -> size(e) + 1).sum();
            case "M" -> 3 + ((Value.M) v).values().entrySet().stream()
                    .mapToInt(e -> utf8(e.getKey()).length + size(e.getValue()) + 1).sum();
            case "SS" -> ((Value.SS) v).values().stream().mapToInt(s -> utf8(s).length).sum();
            case "NS" -> ((Value.NS) v).values().stream().mapToInt(ReferenceModel::numberSize).sum();
            case "BS" -> ((Value.BS) v).values().stream().mapToInt(Bytes::length).sum();
            default -> throw new IllegalArgumentException(v.type());
        };
    }

    /** Counts the significant digits of the number as printed in plain notation. */
    public static int numberSize(BigDecimal n) {
        String digits = n.abs().toPlainString().replace(".", "");
        digits = digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return (digits.length() + 1) / 2 + 1;
    }

    /** An item's size: each attribute's name in UTF-8 bytes plus its value's size. */
    public static int itemSize(Map<String, Value> item) {
        return item.entrySet().stream().mapToInt(e -> utf8(e.getKey()).length + size(e.getValue())).sum();
    }

    /**
     * The value at a document path (a top-level name, then map keys as strings and list indexes as
     * integers), or null where the item has none.
     */
    public static Value resolve(Map<String, Value> item, List<Object> path) {
        Value current = item.get((String) path.get(0));
        for (Object e : path.subList(1, path.size())) {
            if (e instanceof String k) {
                current = current instanceof Value.M m ? m.values().get(k) : null;
            } else {
                int i = (Integer) e;
                current = current instanceof Value.L l && i < l.values().size() ? l.values().get(i) : null;
            }
        }
        return current;
    }
}
