package dev.userbase.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyPasswordsTest {

    // "Legacy-Secret-42" hashed by another implementation (libxcrypt, through Python's crypt module) in the
    // three variants legacy systems write: $2a$ (older libraries), $2b$ (OpenBSD, Node), $2y$ (PHP)
    private static final String A = "$2a$10$Q9hx2DcZ7pWm4sKt1LvRber0DMPwfWo6/ZwHEsXCTqETTnFJE1z.O";
    private static final String B = "$2b$10$Q9hx2DcZ7pWm4sKt1LvRber0DMPwfWo6/ZwHEsXCTqETTnFJE1z.O";
    private static final String Y = "$2y$10$Q9hx2DcZ7pWm4sKt1LvRber0DMPwfWo6/ZwHEsXCTqETTnFJE1z.O";

    @ParameterizedTest
    @ValueSource(strings = {A, B, Y})
    void matches_whenThePasswordIsRight_isTrueForEveryBcryptVariant(String hash) {
        assertThat(LegacyPasswords.matches("Legacy-Secret-42", hash)).isTrue();
        assertThat(LegacyPasswords.matches("legacy-secret-42", hash)).isFalse();
    }

    @Test
    void hash_thenMatches_roundTrips() {
        String hash = LegacyPasswords.hash("Legacy-Secret-42");
        assertThat(hash).startsWith("$2a$10$").doesNotContain("Legacy-Secret-42");
        assertThat(LegacyPasswords.matches("Legacy-Secret-42", hash)).isTrue();
        assertThat(LegacyPasswords.matches("Legacy-Secret-43", hash)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plaintext", "$2a$10$tooShort", "$2x$99$...", "5f4dcc3b5aa765d61d8327deb882cf99"})
    void matches_whenTheHashIsNotBcrypt_isFalse(String hash) {
        assertThat(LegacyPasswords.matches("password", hash)).isFalse();
        assertThat(LegacyPasswords.matches(hash, hash)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void matches_withoutAPassword_isFalse(String password) {
        assertThat(LegacyPasswords.matches(password, A)).isFalse();
    }

    @Test
    void matches_withoutAHash_isFalse() {
        assertThat(LegacyPasswords.matches("decoy-password-never-matched", null)).isFalse();
    }

    @Test
    void legacyUser_toString_neverShowsTheHash() {
        LegacyUser user = new LegacyUser("u-1", "mia@example.com", A, "Mia Chen", false);
        assertThat(user.toString()).doesNotContain(A).doesNotContain("mia@example.com").contains("u-1");
    }

    @Test
    void legacyUser_givenAndFamilyName_splitsAtTheFirstSpace() {
        assertThat(new LegacyUser("u", null, null, "  Ana  de la Cruz ", false).givenAndFamilyName())
                .containsExactly("Ana", "de la Cruz");
        assertThat(new LegacyUser("u", null, null, "Cher", false).givenAndFamilyName()).containsExactly("Cher", null);
        assertThat(new LegacyUser("u", null, null, " ", false).givenAndFamilyName()).containsExactly(null, null);
    }
}
