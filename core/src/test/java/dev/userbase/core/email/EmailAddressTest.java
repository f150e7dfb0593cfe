package dev.userbase.core.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Ann@Example.COM|ann@example.com",
        "  ann@example.com\t|ann@example.com",
        "ann+news@example.com|ann+news@example.com",
        "a.n.n@example.com|a.n.n@example.com",
        // NFKC folds the fullwidth forms to ASCII
        "\uFF21\uFF2E\uFF2E@example.com|ann@example.com",
        "JOSÉ@exämple.de|josé@exämple.de",
        "o'brien@sub.example.co.uk|o'brien@sub.example.co.uk",
    })
    void normalise_whenValid_trimsFoldsAndLowerCases(String raw, String expected) {
        assertThat(EmailAddress.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann+tag@example.com", "a.nn@example.com"})
    void normalise_keepsTagsAndDotsDistinct(String raw) {
        assertThat(EmailAddress.normalise(raw)).isNotEqualTo("ann@example.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|An email address is required",
        "'   '|An email address is required",
        "annexample.com|exactly one '@'",
        "ann@@example.com|exactly one '@'",
        "a@b@example.com|exactly one '@'",
        "@example.com|missing the part before '@'",
        "ann@|missing the domain",
        "ann@localhost|must contain a '.'",
        ".ann@example.com|misplaced '.'",
        "ann.@example.com|misplaced '.'",
        "a..nn@example.com|misplaced '.'",
        "ann@example..com|misplaced '.'",
        "ann@-example.com|cannot start or end with '-'",
        "an n@example.com|a space",
        "ann@exa_mple.com|'_'",
        "\"ann\"@example.com|'\"'",
        "ann@[127.0.0.1]|'['",
        "ann@127.0.0.1|not a number",
    })
    void normalise_whenInvalid_saysWhy(String raw, String reason) {
        assertThatThrownBy(() -> EmailAddress.normalise(raw))
                .isInstanceOf(InvalidEmailException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 100})
    void normalise_whenLocalPartTooLong_rejects(int length) {
        assertThatThrownBy(() -> EmailAddress.normalise("a".repeat(length) + "@example.com"))
                .isInstanceOf(InvalidEmailException.class)
                .hasMessageContaining("longer than 64");
    }

    @org.junit.jupiter.api.Test
    void normalise_whenAddressTooLong_rejects() {
        String domain = ("d".repeat(60) + ".").repeat(5) + "com";
        assertThatThrownBy(() -> EmailAddress.normalise("ann@" + domain))
                .isInstanceOf(InvalidEmailException.class)
                .hasMessageContaining("longer than 254");
    }

    @org.junit.jupiter.api.Test
    void parse_exposesParts() {
        EmailAddress email = EmailAddress.parse("Ann+X@Example.com");
        assertThat(email.localPart()).isEqualTo("ann+x");
        assertThat(email.domain()).isEqualTo("example.com");
        assertThat(email).isEqualTo(EmailAddress.parse("ann+x@example.com"));
    }

    @Property
    void normalise_isIdempotent(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String local,
                                @ForAll @AlphaChars @StringLength(min = 1, max = 20) String domain) {
        String once = EmailAddress.normalise(local + "@" + domain + ".com");
        assertThat(EmailAddress.normalise(once)).isEqualTo(once);
        assertThat(EmailAddress.normalise(once.toUpperCase(java.util.Locale.ROOT))).isEqualTo(once);
    }
}
