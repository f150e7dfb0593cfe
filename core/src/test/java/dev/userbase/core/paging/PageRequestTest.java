package dev.userbase.core.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userbase.core.error.InvalidInputException;

class PageRequestTest {

    @Test
    void parse_defaultsToTwentyWithoutACursor() {
        assertThat(PageRequest.parse(null, null)).isEqualTo(new PageRequest(20, null));
        assertThat(PageRequest.parse("", "")).isEqualTo(new PageRequest(20, null));
        assertThat(PageRequest.parse("1", "c").limit()).isEqualTo(1);
        assertThat(PageRequest.parse("100", null).limit()).isEqualTo(100);
        assertThat(PageRequest.parse("007", null).limit()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "+5", "5.0", "1e2", " 5", "5 ", "abc", "9999999999", "0x10"})
    void parse_anythingButOneToHundred_isA400OnLimit(String limit) {
        assertThatThrownBy(() -> PageRequest.parse(limit, null)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("limit"));
    }
}
