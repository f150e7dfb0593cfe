package dev.userbase.dynamodb.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.ReferenceModel;

/**
 * The engine's key order ({@link KeyOrder}, which every table and index sorts by) is DynamoDB's:
 * strings by UTF-8 bytes, not by Java's UTF-16 {@code String.compareTo}; numbers by value, not by
 * their text; binary by unsigned bytes.
 */
class KeyOrderPropertiesTest {

    @Property(tries = 2000)
    void stringsSortByTheirUtf8Bytes(@ForAll("strings") String a, @ForAll("strings") String b) {
        int expected = Integer.signum(ReferenceModel.compareKeys(new Value.S(a), new Value.S(b)));
        assertThat(Integer.signum(KeyOrder.compare(new Value.S(a), new Value.S(b)))).as("%s vs %s", a, b).isEqualTo(expected);
        // count the pairs where Java's own order would have been wrong, to show the generator finds them
        Statistics.label("UTF-16 order").collect(Integer.signum(a.compareTo(b)) == expected ? "agrees" : "differs");
        Statistics.label("UTF-16 order").coverage(c -> c.check("differs").percentage(p -> p > 1.5));
    }

    @Property(tries = 1000)
    void numbersSortByValue(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        Value.N x = new Value.N(a);
        Value.N y = new Value.N(b);
        assertThat(Integer.signum(KeyOrder.compare(x, y))).as("%s vs %s", x.text(), y.text())
                .isEqualTo(Integer.signum(a.compareTo(b)));
        // equal by value is equal (1 and 1.0 and 1E+0 are one key)
        assertThat(KeyOrder.compare(x, y) == 0).isEqualTo(x.equals(y));
        // the number as DynamoDB prints it (plain notation) reads back as the same value
        assertThat(Value.N.of(x.text())).isEqualTo(x);
        Statistics.label("text order").collect(Integer.signum(x.text().compareTo(y.text())) == Integer.signum(a.compareTo(b))
                ? "agrees" : "differs");
    }

    @Property(tries = 1000)
    void binarySortsByUnsignedBytes(@ForAll("binaries") Bytes a, @ForAll("binaries") Bytes b) {
        assertThat(Integer.signum(KeyOrder.compare(new Value.B(a), new Value.B(b))))
                .isEqualTo(Integer.signum(ReferenceModel.compareKeys(new Value.B(a), new Value.B(b))));
    }

    /** A comparator must be a total order, or sorted maps lose rows: antisymmetric and transitive. */
    @Property(tries = 500)
    void isATotalOrder(@ForAll("strings") String a, @ForAll("strings") String b, @ForAll("strings") String c) {
        Value.S x = new Value.S(a);
        Value.S y = new Value.S(b);
        Value.S z = new Value.S(c);
        assertThat(Integer.signum(KeyOrder.compare(x, y))).isEqualTo(-Integer.signum(KeyOrder.compare(y, x)));
        if (KeyOrder.compare(x, y) <= 0 && KeyOrder.compare(y, z) <= 0) {
            assertThat(KeyOrder.compare(x, z)).isLessThanOrEqualTo(0);
        }
        assertThat(KeyOrder.compare(x, y) == 0).isEqualTo(a.equals(b));
    }

    /** Sorting a list with the engine's comparator and with the reference gives the same list. */
    @Property(tries = 300)
    void sortsLikeTheReference(@ForAll("keyLists") List<Value> keys) {
        List<Value> engine = new ArrayList<>(keys);
        engine.sort(KeyOrder.SCALARS);
        List<Value> reference = new ArrayList<>(keys);
        reference.sort(ReferenceModel::compareKeys);
        assertThat(engine).isEqualTo(reference);
    }

    @Example
    void aSupplementaryCharacterSortsAfterTheLastBmpCharacters() {
        // UTF-16: U+FFFF (FFFF) > U+1F600 (D83D DE00); UTF-8: EF BF BF < F0 9F 98 80
        assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(KeyOrder.compare(new Value.S("\uFFFF"), new Value.S("\uD83D\uDE00"))).isNegative();
        assertThat(KeyOrder.compare(new Value.S("\uE000"), new Value.S("\uD800\uDC00"))).isNegative();
    }

    @Example
    void numbersAreNotOrderedAsText() {
        assertThat(KeyOrder.compare(Value.N.of("9"), Value.N.of("10"))).isNegative();
        assertThat(KeyOrder.compare(Value.N.of("-1"), Value.N.of("-0.5"))).isNegative();
        assertThat(KeyOrder.compare(Value.N.of("1E+2"), Value.N.of("99.9"))).isPositive();
        assertThat(KeyOrder.compare(Value.N.of("1.0"), Value.N.of("1"))).isZero();
    }

    @Provide
    Arbitrary<String> strings() {
        // half of them from the characters around the surrogates, where UTF-16 and UTF-8 orders part
        Arbitrary<String> nearSurrogates = net.jqwik.api.Arbitraries.of(0x61, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x1F600)
                .list().ofMaxSize(3).map(AttributeValues::fromCodePoints);
        return net.jqwik.api.Arbitraries.oneOf(AttributeValues.strings(4), nearSurrogates);
    }

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return AttributeValues.numbers();
    }

    @Provide
    Arbitrary<Bytes> binaries() {
        return AttributeValues.binaries(4);
    }

    @Provide
    Arbitrary<List<Value>> keyLists() {
        return net.jqwik.api.Arbitraries.of("S", "N", "B").flatMap(t -> AttributeValues.keyValues(t).list().ofMaxSize(30));
    }
}
