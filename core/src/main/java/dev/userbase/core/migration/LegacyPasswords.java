package dev.userbase.core.migration;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * bcrypt verification of legacy password hashes, with Spring Security's {@link BCrypt} (the
 * {@code $2a$}, {@code $2b$} and {@code $2y$} variants). Nothing here logs or keeps a password or
 * a hash.
 */
public final class LegacyPasswords {

    /**
     * Checked when there is no row (or no hash) so that an unknown email costs the same time as a
     * wrong password and the response time does not tell whether an account exists. Cost 10, like
     * the hashes {@link #hash} makes.
     */
    static final String DECOY = "$2a$10$SduA3nrAnZfV2goljsU79OoeN3X2z83bl9UyhR7Oihv8R2B5KPREG";

    private LegacyPasswords() {
    }

    /** True only if {@code hash} is a well-formed bcrypt hash of {@code password}. */
    public static boolean matches(String password, String hash) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        if (hash == null || !hash.startsWith("$2")) {
            BCrypt.checkpw(password, DECOY);
            return false;
        }
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException malformed) {
            BCrypt.checkpw(password, DECOY);
            return false;
        }
    }

    /** Burns one bcrypt check's time (an unknown email), always false. */
    static boolean decoy(String password) {
        BCrypt.checkpw(password == null ? "" : password, DECOY);
        return false;
    }

    /** A bcrypt hash of cost 10 ({@code local/cli legacy-add}, tests). */
    public static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(10));
    }
}
