package dev.userbase.api.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.userbase.core.error.InvalidInputException;

/**
 * JSON reading for request bodies, strict: the bytes must be UTF-8 (decoded here, strictly, before
 * Jackson sees them: Jackson reading bytes guesses UTF-16 and UTF-32 and accepts overlong forms and
 * encoded surrogates), one value per body (no trailing content), duplicate keys rejected (which one
 * would win is a classic source of confusion), no unpaired surrogate in a string or field name (it
 * would be stored as {@code ?}), nesting and string sizes bounded, big numbers kept exact. Parser
 * messages (which may quote the input) are not returned.
 */
public final class Json {

    static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(ApiRequest.MAX_BODY_BYTES)
                            .maxNumberLength(100)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Json() {
    }

    /**
     * @throws ApiProblem (400) the bytes are not UTF-8, or not one well-formed JSON value
     * @throws InvalidInputException (400) a string or field name has an unpaired surrogate
     */
    public static JsonNode parse(byte[] body) {
        String text = utf8(body);
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiProblem.unreadableBody("The request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node == null || node.isMissingNode()) {
            throw ApiProblem.unreadableBody("The request body is not valid JSON");
        }
        checkUnicode(node, "");
        return node;
    }

    /**
     * The index of the first unpaired surrogate in {@code text} at or after {@code from}, or -1: such
     * a char is no Unicode character, and encoding it as UTF-8 turns it into {@code ?}.
     */
    static int unpairedSurrogate(CharSequence text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The body decoded as UTF-8, refusing what is not (a leading byte order mark is skipped, as Jackson did). */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length); // UTF-8 never has fewer bytes than UTF-16 chars
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw ApiProblem.unreadableBody("The request body is not valid UTF-8 (at byte offset " + in.position()
                    + "); send JSON as UTF-8");
        }
        String text = out.flip().toString();
        // NUL is valid UTF-8 but never valid JSON text: a body with one is UTF-16 or UTF-32 (or garbage)
        if (text.indexOf('\0') >= 0) {
            throw ApiProblem.unreadableBody("The request body is not valid UTF-8 JSON: it contains NUL bytes, "
                    + "as UTF-16 and UTF-32 text do; send JSON as UTF-8");
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** Refuses an unpaired surrogate (in JSON, only an escape such as {@code "\ud800"} can make one). */
    private static void checkUnicode(JsonNode node, String path) {
        if (node.isTextual() && unpairedSurrogate(node.textValue(), 0) >= 0) {
            throw unpaired(path, "");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (unpairedSurrogate(field.getKey(), 0) >= 0) {
                    throw unpaired(fieldPath, "the field name ");
                }
                checkUnicode(field.getValue(), fieldPath);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkUnicode(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static RuntimeException unpaired(String path, String what) {
        if (path.isEmpty()) {
            return ApiProblem.unreadableBody("The request body has an unpaired UTF-16 surrogate (such as \\ud800), "
                    + "which is not Unicode text");
        }
        // the path is echoed, so its own unpaired surrogates are shown as U+FFFD
        StringBuilder shown = new StringBuilder(path);
        for (int at = unpairedSurrogate(shown, 0); at >= 0; at = unpairedSurrogate(shown, at + 1)) {
            shown.setCharAt(at, '\uFFFD');
        }
        return InvalidInputException.forField(shown.toString(), what + shown
                + " has an unpaired UTF-16 surrogate (such as \\ud800), which is not Unicode text");
    }
}
