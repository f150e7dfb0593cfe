package dev.userbase.core.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.AuditEntry;

/**
 * The keyed one-way hash that replaces an erased user's id in the audit entries kept for their
 * retention: {@code anon:} + hex of HMAC-SHA256(key, id), truncated to 128 bits. Without the key,
 * nobody can tell which user a pseudonym stands for, nor test a guessed id (an unkeyed hash of a
 * known id could be recomputed). The same id always gives the same pseudonym, so a trail stays one
 * trail and a retried cascade rewrites entries in place.
 *
 * <p>The key is {@code AUDIT_PSEUDONYM_KEY} (at least 32 characters). A Lambda function without it
 * refuses to start (pseudonyms of a per-container key would differ between retries); off Lambda a
 * random per-process key is used, with a warning.
 */
public final class Pseudonyms {

    public static final String SETTING = "AUDIT_PSEUDONYM_KEY";
    public static final String PREFIX = AuditEntry.PSEUDONYM_PREFIX;
    static final int MIN_KEY_LENGTH = 32;

    private static final Logger LOG = LogManager.getLogger(Pseudonyms.class);

    private final SecretKeySpec key;

    private Pseudonyms(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public static Pseudonyms withKey(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(SETTING + " must have at least " + MIN_KEY_LENGTH + " characters");
        }
        return new Pseudonyms(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The pseudonyms for the setting (may be null), by the policy in the class comment. */
    public static Pseudonyms fromSetting(String setting, Map<String, String> environment) {
        if (setting != null && !setting.isBlank()) {
            return withKey(setting.strip());
        }
        String executionEnv = environment.get("AWS_EXECUTION_ENV");
        if (executionEnv != null && executionEnv.startsWith("AWS_Lambda_")) {
            throw new IllegalStateException(SETTING + " must be set on Lambda: erased users' audit entries are "
                    + "pseudonymised with it, and a per-container key would give one user several pseudonyms");
        }
        LOG.warn("{} is not set: erased users' audit pseudonyms use a random key of this process", SETTING);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Pseudonyms(secret);
    }

    /** The pseudonym of {@code userId}; a pseudonym is returned unchanged. */
    public String of(String userId) {
        if (userId.startsWith(PREFIX)) {
            return userId;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
