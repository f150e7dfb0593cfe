package dev.userbase.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.model.VersionCondition;

class IfMatchTest {

    @Test
    void parse_readsStarTagsAndLists() {
        assertThat(IfMatch.parse("*")).isEqualTo(VersionCondition.exists());
        assertThat(IfMatch.parse("\"3\"")).isEqualTo(VersionCondition.oneOf(Set.of(3L)));
        assertThat(IfMatch.parse(" \"3\" , \"5\"")).isEqualTo(VersionCondition.oneOf(Set.of(3L, 5L)));
    }

    @Test
    void parse_weakOrForeignTags_neverMatch() {
        VersionCondition weak = IfMatch.parse("W/\"3\"");
        VersionCondition foreign = IfMatch.parse("\"abc\"");
        assertThat(weak.admits(3)).isFalse();
        assertThat(foreign.admits(1)).isFalse();
        assertThat(IfMatch.parse("W/\"3\", \"4\"").admits(4)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3", "\"3\",", "\"3\" \"4\"", "**", "", "\"a b\"",
        "\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\""})
    void parse_malformed_isA400OnIfMatch(String header) {
        assertThatThrownBy(() -> IfMatch.parse(header))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors().get(0).field()).isEqualTo("If-Match"));
    }
}
