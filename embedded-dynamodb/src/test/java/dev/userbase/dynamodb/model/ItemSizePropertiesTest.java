package dev.userbase.dynamodb.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.ReferenceModel;

/**
 * Item sizes as the engine computes them ({@link Items#size}, {@link Value#size}) agree with the
 * Developer Guide's "DynamoDB item sizes and formats", as {@link ReferenceModel#size} states it.
 */
class ItemSizePropertiesTest {

    /** Names with 1-, 2-, 3- and 4-byte UTF-8 characters: a name counts its UTF-8 bytes, not its chars. */
    static final List<String> NAMES = List.of("a", "id", "\u00E9t\u00E9", "\u4E2D\u6587", "\uD83D\uDE00", "k\uD800\uDC00");

    @Property(tries = 1000)
    void itemSizeIsTheDocumentedSum(@ForAll("items") Map<String, Value> item) {
        assertThat(Items.size(item)).as("%s", item).isEqualTo(ReferenceModel.itemSize(item));
    }

    @Property(tries = 1000)
    void numberSizeIsOneBytePerTwoSignificantDigitsPlusOne(@ForAll("numbers") BigDecimal n) {
        Value.N v = new Value.N(n);
        assertThat(v.size()).as(v.text()).isEqualTo(ReferenceModel.numberSize(n));
        // the size does not depend on how the number was written: 1.50, 1.5 and 15E-1 are one number
        assertThat(Value.N.of(n.toString()).size()).isEqualTo(v.size());
        assertThat(Value.N.of(n.toEngineeringString()).size()).isEqualTo(v.size());
    }

    @Property(tries = 500)
    void stringSizeIsItsUtf8Length(@ForAll("strings") String s) {
        assertThat(new Value.S(s).size()).isEqualTo(ReferenceModel.utf8(s).length);
        assertThat(Items.nameSize(s)).isEqualTo(ReferenceModel.utf8(s).length);
    }

    /** The Developer Guide's own examples. */
    @Example
    void documentedExamples() {
        assertThat(Value.N.of("27").size()).isEqualTo(2);
        assertThat(Value.N.of("461").size()).isEqualTo(3);
        assertThat(Value.N.of("0.000100").size()).isEqualTo(2);
        assertThat(Value.N.of("1E+125").size()).isEqualTo(2);
        assertThat(new Value.L(List.of()).size()).isEqualTo(3);
        assertThat(new Value.M(Map.of()).size()).isEqualTo(3);
        assertThat(new Value.L(List.of(Value.Bool.TRUE, Value.Null.INSTANCE)).size()).isEqualTo(3 + 2 + 2);
    }

    @Provide
    Arbitrary<Map<String, Value>> items() {
        return AttributeValues.items(NAMES, 3);
    }

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return AttributeValues.numbers();
    }

    @Provide
    Arbitrary<String> strings() {
        return AttributeValues.strings(12);
    }
}
