package dev.userbase.api.http;

import static dev.userbase.api.testing.RawBodies.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.error.FieldError;
import dev.userbase.core.error.InvalidInputException;

class JsonTest {

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, a surrogate pair in Java

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("overlong '/'", bytes("{\"givenName\":\"A", 0xC0, 0xAF, "n\"}"), 15),
                Arguments.of("overlong NUL", bytes("{\"a\":\"", 0xC0, 0x80, "\"}"), 6),
                Arguments.of("3-byte overlong", bytes("{\"a\":\"", 0xE0, 0x80, 0xAF, "\"}"), 6),
                Arguments.of("encoded high surrogate", bytes("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"), 6),
                Arguments.of("encoded low surrogate", bytes("{\"a\":\"", 0xED, 0xB8, 0x80, "\"}"), 6),
                Arguments.of("encoded surrogate pair (CESU-8)",
                        bytes("{\"a\":\"", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, "\"}"), 6),
                Arguments.of("truncated in a string", bytes("{\"a\":\"", 0xE2, 0x82, "\"}"), 6),
                Arguments.of("truncated at the end", bytes("{\"a\":1}", 0xF0, 0x9F, 0x98), 7),
                Arguments.of("lone continuation byte", bytes("{\"a\":\"", 0x80, "\"}"), 6),
                Arguments.of("0xFF", bytes("{\"a\":\"", 0xFF, "\"}"), 6),
                Arguments.of("beyond U+10FFFF", bytes("{\"a\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"), 6),
                Arguments.of("Latin-1", "{\"givenName\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1), 16),
                Arguments.of("UTF-16 with a byte order mark", "{\"a\":1}".getBytes(StandardCharsets.UTF_16), 0),
                Arguments.of("UTF-16LE, not ASCII", "{\"givenName\":\"Zoë\"}".getBytes(StandardCharsets.UTF_16LE), 32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void parse_bytesThatAreNotUtf8_are400SayingSo(String name, byte[] body, int offset) {
        assertThatThrownBy(() -> Json.parse(body)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.slug()).isEqualTo("invalid-input"); // as for a body that is not JSON
            assertThat(p.detail()).isEqualTo("The request body is not valid UTF-8 (at byte offset " + offset
                    + "); send JSON as UTF-8");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-32"})
    void parse_asciiJsonInUtf16OrUtf32_is400SayingItIsNotUtf8(String charset) {
        byte[] body = "{\"givenName\":\"Ann\"}".getBytes(Charset.forName(charset));
        assertThatThrownBy(() -> Json.parse(body)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.slug()).isEqualTo("invalid-input");
            assertThat(p.detail()).startsWith("The request body is not valid UTF-8");
        });
    }

    static Stream<Arguments> unpairedSurrogates() {
        return Stream.of(
                Arguments.of("{\"givenName\":\"A\\ud800n\"}", "givenName"),
                Arguments.of("{\"givenName\":\"\\udc00\"}", "givenName"),
                Arguments.of("{\"a\":\"\\ude00\\ud83d\"}", "a"), // a pair in the wrong order
                Arguments.of("{\"a\":\"\\ud83d\\u0041\"}", "a"),
                Arguments.of("{\"a\":\"x\\ud83d\"}", "a"), // high surrogate last
                Arguments.of("{\"a\":\"" + EMOJI + "\",\"b\":{\"c\":[1,\"ok\",\"\\ud800\"]}}", "b.c[2]"),
                Arguments.of("{\"theme\":{\"k\\ud800\":1}}", "theme.k\uFFFD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unpairedSurrogates")
    void parse_anEscapedUnpairedSurrogate_is400NamingTheField(String json, String field) {
        assertThatThrownBy(() -> Json.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactly(field);
                    assertThat(e.detail()).contains(field + " has an unpaired UTF-16 surrogate");
                });
    }

    @Test
    void parse_anUnpairedSurrogateAsTheWholeBody_is400ForTheBody() {
        assertThatThrownBy(() -> Json.parse("\"\\ud800\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).startsWith("The request body has an unpaired UTF-16 surrogate");
                });
    }

    @Test
    void parse_validUtf8_keepsEveryCharacter_butNotHalfAPair() {
        String text = "Zoë 東京 " + EMOJI + " \u0000\t"; // \u0000 here is JSON's escape, not a NUL byte
        JsonNode raw = Json.parse(("{\"a\":\"Zoë 東京 " + EMOJI + " \\u0000\\t\",\"" + EMOJI + "\":[\"é\"]}")
                .getBytes(StandardCharsets.UTF_8));
        JsonNode escaped = Json.parse("{\"a\":\"Zo\\u00eb \\u6771\\u4eac \\ud83d\\ude00 \\u0000\\t\",\"\\uD83D\\uDE00\":[\"\\u00e9\"]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(raw.path("a").textValue()).isEqualTo(text);
        assertThat(raw.path(EMOJI).path(0).textValue()).isEqualTo("é");
        assertThat(escaped).isEqualTo(raw);
        assertThatThrownBy(() -> Json.parse("{\"a\":\"Zoë \\ud83d\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parse_aUtf8ByteOrderMark_isSkipped_butNotAUtf16One() {
        JsonNode node = Json.parse(bytes("", 0xEF, 0xBB, 0xBF, "{\"a\":\"é\"}"));
        assertThat(node.path("a").textValue()).isEqualTo("é");
        assertThatThrownBy(() -> Json.parse(bytes("", 0xFF, 0xFE, "{\u0000}\u0000")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).startsWith("The request body is not valid UTF-8"));
    }

    @Test
    void parse_invalidJson_isStill400WithItsPosition_whileANulByteSaysTheBodyIsNotUtf8() {
        assertThatThrownBy(() -> Json.parse("{\"a\":\n  }".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).isEqualTo("The request body is not valid JSON (line 2, column 3)");
                });
        assertThatThrownBy(() -> Json.parse("{\"a\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).startsWith("The request body is not valid UTF-8 JSON: it contains NUL bytes");
                });
    }
}
