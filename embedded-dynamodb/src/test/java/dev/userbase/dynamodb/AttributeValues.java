package dev.userbase.dynamodb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Value;

/**
 * jqwik generators of attribute values for the engine's property tests, biased to the values where
 * implementations go wrong: strings with supplementary characters next to BMP characters above the
 * surrogates (UTF-8 and UTF-16 orders disagree there), 2-, 3- and 4-byte UTF-8 sequences, numbers
 * from 1E-130 to 9.99…E+125 with up to 38 digits and negative ones, bytes at 0x7F/0x80/0xFF.
 */
public final class AttributeValues {

    /** Code points whose UTF-8 forms have 1 to 4 bytes; U+E000..U+FFFF sort before U+10000 in UTF-8, after it in UTF-16. */
    public static final int[] CODE_POINTS = {'a', 'b', 'z', 'A', 0x00, 0x7F, 0xE9, 0x7FF, 0x800, 0x4E2D, 0xD7FF, 0xE000,
        0xFF5E, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};

    public static final BigDecimal MAX_NUMBER = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    public static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");

    private AttributeValues() {
    }

    public static Arbitrary<String> strings(int maxCodePoints) {
        Arbitrary<Integer> cp = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of('a', 'b', 'z').map(c -> (int) c)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(box(CODE_POINTS))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x20, 0x10FFFF)
                        .filter(c -> !(c >= 0xD800 && c <= 0xDFFF))));
        return cp.list().ofMaxSize(maxCodePoints).map(AttributeValues::fromCodePoints);
    }

    public static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder b = new StringBuilder();
        codePoints.forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Numbers over DynamoDB's whole range, with small values often enough that equal ones meet. */
    public static Arbitrary<BigDecimal> numbers() {
        Arbitrary<BigDecimal> small = Arbitraries.integers().between(-12, 12).map(BigDecimal::valueOf);
        Arbitrary<BigDecimal> decimals = Combinators.combine(Arbitraries.integers().between(-99999, 99999),
                Arbitraries.integers().between(-4, 4)).as((u, s) -> BigDecimal.valueOf(u, s));
        Arbitrary<BigDecimal> wide = Combinators.combine(Arbitraries.integers().between(1, 9),
                Arbitraries.strings().numeric().ofMaxLength(37), Arbitraries.integers().between(-130, 125),
                Arbitraries.of(1, -1)).as((lead, rest, adjusted, sign) -> {
                    String digits = lead + rest;
                    BigDecimal v = new BigDecimal(new BigInteger(digits), digits.length() - 1 - adjusted);
                    return sign < 0 ? v.negate() : v;
                });
        Arbitrary<BigDecimal> extremes = Arbitraries.of(BigDecimal.ZERO, MIN_POSITIVE, MIN_POSITIVE.negate(), MAX_NUMBER,
                MAX_NUMBER.negate(), new BigDecimal("1E+125"), new BigDecimal("-1E-129"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, small), net.jqwik.api.Tuple.of(3, decimals),
                net.jqwik.api.Tuple.of(3, wide), net.jqwik.api.Tuple.of(1, extremes));
    }

    public static Arbitrary<Bytes> binaries(int maxLength) {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7F, (byte) 0x80, (byte) 0xFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return b.list().ofMaxSize(maxLength).map(list -> {
            byte[] data = new byte[list.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = list.get(i);
            }
            return Bytes.of(data);
        });
    }

    public static Arbitrary<Value> strValues(int maxCodePoints) {
        return strings(maxCodePoints).map(Value.S::new);
    }

    public static Arbitrary<Value> numValues() {
        return numbers().map(Value.N::new);
    }

    public static Arbitrary<Value> binValues(int maxLength) {
        return binaries(maxLength).map(Value.B::new);
    }

    /** A key-type value (S, N or B) of the given type. */
    public static Arbitrary<Value> keyValues(String type) {
        return switch (type) {
            case "S" -> strValues(5);
            case "N" -> numValues();
            case "B" -> binValues(5);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** Values met again and again (so that equalities, prefixes and containment hold often enough). */
    public static final List<Value> COMMON = List.of(new Value.S(""), new Value.S("a"), new Value.S("ab"), new Value.S("b"),
            new Value.S("\uFFFF"), new Value.S("\uD83D\uDE00"), new Value.S("a\uD83D\uDE00"), Value.N.of(0), Value.N.of(1),
            Value.N.of(-1), Value.N.of("2.5"), Value.N.of("1E+3"), new Value.B(Bytes.of(new byte[0])),
            new Value.B(Bytes.of(new byte[] {0x7F})), new Value.B(Bytes.of(new byte[] {(byte) 0x80, 0x01})),
            Value.Bool.TRUE, Value.Bool.FALSE, Value.Null.INSTANCE, new Value.SS(Set.of("a", "b")),
            new Value.NS(Set.of(BigDecimal.ONE, BigDecimal.valueOf(3))), new Value.BS(Set.of(Bytes.of(new byte[] {0x7F}))));

    /** S, N, B, BOOL, NULL and the three (non-empty) sets. */
    public static Arbitrary<Value> scalars() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(COMMON)),
                net.jqwik.api.Tuple.of(3, strValues(3)),
                net.jqwik.api.Tuple.of(3, numValues()),
                net.jqwik.api.Tuple.of(2, binValues(3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Value.Bool.TRUE, Value.Bool.FALSE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Value.Null.INSTANCE)),
                net.jqwik.api.Tuple.of(1, strings(3).set().ofMinSize(1).ofMaxSize(3).map(s -> (Value) new Value.SS(s))),
                net.jqwik.api.Tuple.of(1, numbers().list().ofMinSize(1).ofMaxSize(3).map(AttributeValues::numberSet)),
                net.jqwik.api.Tuple.of(1, binaries(3).set().ofMinSize(1).ofMaxSize(3).map(s -> (Value) new Value.BS(s))));
    }

    /** Every type, lists and maps nested up to {@code depth} levels, map keys from {@code names}. */
    public static Arbitrary<Value> values(int depth, List<String> names) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Value> inner = values(depth - 1, names);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars()),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Value) new Value.L(l))),
                net.jqwik.api.Tuple.of(1, maps(names, inner, 3).map(m -> (Value) new Value.M(m))));
    }

    public static Arbitrary<Map<String, Value>> items(List<String> names, int depth) {
        return maps(names, values(depth, names), names.size());
    }

    /**
     * Maps of up to {@code max} entries keyed by {@code names}: pairs with repeated keys dropped
     * (much faster than asking jqwik for unique keys from a small domain).
     */
    static Arbitrary<Map<String, Value>> maps(List<String> names, Arbitrary<Value> values, int max) {
        return Combinators.combine(Arbitraries.of(names), values).as(Map::entry).list().ofMaxSize(max).map(entries -> {
            Map<String, Value> map = new LinkedHashMap<>();
            entries.forEach(e -> map.putIfAbsent(e.getKey(), e.getValue()));
            return map;
        });
    }

    /** An NS of distinct numbers (equal values such as 1 and 1.0 collapse, as DynamoDB requires). */
    public static Value numberSet(List<BigDecimal> numbers) {
        Map<BigDecimal, BigDecimal> byValue = new LinkedHashMap<>();
        for (BigDecimal n : numbers) {
            BigDecimal key = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
            byValue.putIfAbsent(key, n);
        }
        return new Value.NS(new LinkedHashSet<>(byValue.keySet()));
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /** Every value inside {@code v}, itself included (for constants that meet the item's values). */
    public static List<Value> leaves(Value v) {
        List<Value> all = new ArrayList<>();
        all.add(v);
        if (v instanceof Value.L l) {
            l.values().forEach(e -> all.addAll(leaves(e)));
        } else if (v instanceof Value.M m) {
            m.values().values().forEach(e -> all.addAll(leaves(e)));
        } else if (v instanceof Value.SS ss) {
            all.addAll(ss.values().stream().map(Value.S::new).collect(Collectors.toList()));
        } else if (v instanceof Value.NS ns) {
            all.addAll(ns.values().stream().map(Value.N::new).collect(Collectors.toList()));
        } else if (v instanceof Value.BS bs) {
            all.addAll(bs.values().stream().map(Value.B::new).collect(Collectors.toList()));
        }
        return all;
    }
}
