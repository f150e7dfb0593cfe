package dev.userbase.core.paging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.error.InvalidInputException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pagination cursors: the DynamoDB key to continue from, made opaque and tamper-evident.
 *
 * <p>A cursor is {@code base64url(payload) "." base64url(HMAC-SHA256(key, binding "\n" payload))}.
 * The <em>binding</em> names the query the cursor belongs to (the list and its parameters, for
 * example {@code followers|USER#abc}); it is signed but not carried, so a cursor replayed against
 * another query, or edited in any byte, fails verification and the client gets a 400, never a
 * DynamoDB error. Decoded keys are also checked to have exactly the expected string attributes.
 * The payload is readable (it holds only keys of items the client already saw) but cannot be forged.
 *
 * <p>Keys come from {@code CURSOR_SIGNING_KEY}: one or more comma-separated secrets of at least
 * {@value #MIN_KEY_LENGTH} characters. The first signs; all verify, so a key can be rotated by
 * prepending the new one and dropping the old one a page-lifetime later. When the setting is absent,
 * a Lambda function refuses to start (cursors signed by a per-container key would fail on the next
 * container), while off Lambda (local stack, tests) a random per-process key is used: cursors then
 * stop working when the process restarts.
 */
public final class CursorCodec {

    public static final int MIN_KEY_LENGTH = 32;
    /** Longer cursors are rejected before any work (a real one is a few hundred characters). */
    public static final int MAX_CURSOR_LENGTH = 2048;
    /** DynamoDB's limit for a sort key; partition keys may be longer but ours never are. */
    private static final int MAX_KEY_VALUE_BYTES = 1024;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION_FIELD = "v";
    private static final String KEY_FIELD = "k";
    private static final int VERSION = 1;

    private static final Logger LOG = LogManager.getLogger(CursorCodec.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final List<SecretKeySpec> keys;

    private CursorCodec(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one cursor signing key is required");
        }
        this.keys = secrets.stream().map(secret -> new SecretKeySpec(secret, ALGORITHM)).toList();
    }

    /** A codec signing with the first of {@code secrets} and accepting any of them. */
    public static CursorCodec withKeys(List<String> secrets) {
        List<byte[]> bytes = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("each cursor signing key must have at least "
                        + MIN_KEY_LENGTH + " characters");
            }
            bytes.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        return new CursorCodec(bytes);
    }

    /** A codec with a random key of its own: cursors are valid only within this process. */
    public static CursorCodec randomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new CursorCodec(List.of(secret));
    }

    /**
     * The codec for a {@code CURSOR_SIGNING_KEY} setting (may be {@code null}), following the policy
     * in the class comment; {@code environment} tells whether this runs on Lambda.
     *
     * @throws IllegalStateException the setting is missing on Lambda
     * @throws IllegalArgumentException a key is too short
     */
    public static CursorCodec fromSetting(String setting, Map<String, String> environment) {
        String executionEnv = environment.get("AWS_EXECUTION_ENV");
        return fromSetting(setting, executionEnv != null && executionEnv.startsWith("AWS_Lambda_"));
    }

    /** As above, told whether the process runs on Lambda (where a random key would break paging). */
    public static CursorCodec fromSetting(String setting, boolean onLambda) {
        if (setting != null && !setting.isBlank()) {
            return withKeys(Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        if (onLambda) {
            throw new IllegalStateException("CURSOR_SIGNING_KEY must be set on Lambda: with a per-container key, "
                    + "a cursor would fail whenever the next page is served by another container");
        }
        LOG.warn("CURSOR_SIGNING_KEY is not set: pagination cursors are signed with a random key and "
                + "stop working when this process restarts");
        return randomKey();
    }

    /** The cursor continuing {@code binding}'s query after {@code key} (string attributes only). */
    public String encode(String binding, Map<String, AttributeValue> key) {
        Objects.requireNonNull(binding, "binding");
        ObjectNode payload = JSON.createObjectNode();
        payload.put(VERSION_FIELD, VERSION);
        ObjectNode keyNode = payload.putObject(KEY_FIELD);
        new TreeMap<>(key).forEach((name, value) -> {
            if (value.s() == null) {
                throw new IllegalArgumentException("cursor keys hold string attributes only: " + name);
            }
            keyNode.put(name, value.s());
        });
        String encodedPayload;
        try {
            encodedPayload = ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a cursor", e);
        }
        return encodedPayload + "." + ENCODER.encodeToString(sign(keys.get(0), binding, encodedPayload));
    }

    /**
     * The key a cursor continues from, if it was issued for {@code binding} and holds exactly
     * {@code attributes}.
     *
     * @throws InvalidInputException (field {@code cursor}) anything else
     */
    public Map<String, AttributeValue> decode(String binding, String cursor, Set<String> attributes) {
        if (cursor == null || cursor.length() > MAX_CURSOR_LENGTH) {
            throw invalid();
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw invalid();
        }
        String encodedPayload = cursor.substring(0, dot);
        byte[] signature;
        byte[] payloadBytes;
        try {
            signature = DECODER.decode(cursor.substring(dot + 1));
            payloadBytes = DECODER.decode(encodedPayload);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!verifies(binding, encodedPayload, signature)) {
            throw invalid();
        }
        return parseKey(payloadBytes, attributes);
    }

    private boolean verifies(String binding, String encodedPayload, byte[] signature) {
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            // every key is tried, so the time taken does not reveal which one matched
            valid |= MessageDigest.isEqual(sign(key, binding, encodedPayload), signature);
        }
        return valid;
    }

    private static Map<String, AttributeValue> parseKey(byte[] payloadBytes, Set<String> attributes) {
        JsonNode payload;
        try {
            payload = JSON.readTree(payloadBytes);
        } catch (java.io.IOException e) {
            throw invalid();
        }
        if (payload == null || !payload.isObject() || payload.path(VERSION_FIELD).asInt(-1) != VERSION) {
            throw invalid();
        }
        JsonNode keyNode = payload.get(KEY_FIELD);
        if (keyNode == null || !keyNode.isObject() || keyNode.size() != attributes.size()) {
            throw invalid();
        }
        Map<String, AttributeValue> key = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : keyNode.properties()) {
            JsonNode value = field.getValue();
            if (!attributes.contains(field.getKey()) || !value.isTextual() || value.asText().isEmpty()
                    || value.asText().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_VALUE_BYTES) {
                throw invalid();
            }
            key.put(field.getKey(), AttributeValue.fromS(value.asText()));
        }
        return key;
    }

    private static byte[] sign(SecretKeySpec key, String binding, String encodedPayload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(binding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    private static InvalidInputException invalid() {
        return InvalidInputException.forField("cursor", "cursor is not valid for this list; "
                + "start again without a cursor");
    }
}
