package dev.userbase.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void fold_removesAccentsCaseAndExtraSpace() {
        assertThat(SearchText.fold("  \u00c9milie   DURAND ")).isEqualTo("emilie durand");
        assertThat(SearchText.fold("Zo\u0308e")).isEqualTo("zoe");
        assertThat(SearchText.fold("\uFF2A\uFF4F")).isEqualTo("jo");
        assertThat(SearchText.fold(null)).isEmpty();
    }

    @Test
    void partitionOf_takesTwoCodePoints() {
        assertThat(SearchText.partitionOf("emilie")).isEqualTo("em");
        assertThat(SearchText.partitionOf("e")).isEqualTo("e");
        assertThat(SearchText.partitionOf("\uD83D\uDE00\uD83D\uDE01x")).isEqualTo("\uD83D\uDE00\uD83D\uDE01");
    }
}
