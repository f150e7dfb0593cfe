package dev.userbase.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.error.InvalidInputException;

class ProfileUpdateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fromJson_keepsPresentFieldsTrimmed_andNullAsRemoval() throws Exception {
        ProfileUpdate update = ProfileUpdate.fromJson(json("{\"givenName\":\"  Ann \",\"avatarUrl\":null}"));
        assertThat(update.changes()).containsExactly(
                java.util.Map.entry("givenName", Optional.of("Ann")),
                java.util.Map.entry("avatarUrl", Optional.empty()));
    }

    @Test
    void fromJson_acceptsLettersFromAnyScriptAndEmoji() throws Exception {
        ProfileUpdate update = ProfileUpdate.fromJson(json("{\"displayName\":\"Zoë 山田 👩‍💻\"}"));
        assertThat(update.changes().get("displayName")).contains("Zoë 山田 👩‍💻");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"avatarUrl\":\"http://cdn.example.com/a.png\"}",
        "{\"avatarUrl\":\"https://user:pw@cdn.example.com/a.png\"}",
        "{\"avatarUrl\":\"https:///nohost\"}",
        "{\"avatarUrl\":\"data:image/png;base64,AAAA\"}",
        "{\"displayName\":\"\"}",
        "{\"displayName\":\"   \"}",
        "{\"displayName\":\"a\\u0000b\"}",
        "{\"displayName\":\"line\\nbreak\"}",
        "{\"displayName\":\"rtl\\u202eoverride\"}",
        "{\"givenName\":[\"Ann\"]}",
        "{\"givenName\":true}",
        "{\"followerCount\":10}",
        "{\"unknown\":\"x\"}",
        "{}",
        "[]",
        "\"Ann\""
    })
    void fromJson_invalid_isRefusedWithFieldErrors(String body) {
        assertThatThrownBy(() -> ProfileUpdate.fromJson(json(body))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fromJson_tooLong_isMeasuredInCharactersNotUtf16Units() throws Exception {
        String hundredEmoji = "😀".repeat(100);
        assertThat(ProfileUpdate.fromJson(json("{\"displayName\":\"" + hundredEmoji + "\"}")).changes()).hasSize(1);
        assertThatThrownBy(() -> ProfileUpdate.fromJson(json("{\"displayName\":\"" + hundredEmoji + "😀\"}")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fromJson_listsEveryBadField() throws Exception {
        assertThatThrownBy(() -> ProfileUpdate.fromJson(json("{\"email\":\"a@b.c\",\"givenName\":1,\"x\":2}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .extracting(f -> f.field()).containsExactlyInAnyOrder("email", "givenName", "x"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
