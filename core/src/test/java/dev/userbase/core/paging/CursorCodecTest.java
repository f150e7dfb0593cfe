package dev.userbase.core.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userbase.core.error.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorCodecTest {

    private static final String KEY_A = "a".repeat(32);
    private static final String KEY_B = "b".repeat(40);
    private static final Set<String> ATTRIBUTES = Set.of("pk", "sk");
    private static final Map<String, AttributeValue> LAST = Map.of(
            "pk", AttributeValue.fromS("USER#ann"), "sk", AttributeValue.fromS("FOLLOWS#bob"));

    private final CursorCodec codec = CursorCodec.withKeys(List.of(KEY_A));

    @Test
    void encode_thenDecodeForTheSameQuery_givesTheKeyBack() {
        String cursor = codec.encode("following|ann", LAST);
        assertThat(codec.decode("following|ann", cursor, ATTRIBUTES)).isEqualTo(LAST);
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void decode_forAnotherQuery_isRefused() {
        String cursor = codec.encode("following|ann", LAST);
        assertInvalid(() -> codec.decode("following|bob", cursor, ATTRIBUTES));
        assertInvalid(() -> codec.decode("followers|ann", cursor, ATTRIBUTES));
    }

    @Test
    void decode_withAnEditedPayload_isRefused() {
        String cursor = codec.encode("q", LAST);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"k\":{\"pk\":\"USER#admin\",\"sk\":\"FOLLOWS#x\"},\"v\":1}".getBytes());
        assertInvalid(() -> codec.decode("q", forgedPayload + cursor.substring(cursor.indexOf('.')), ATTRIBUTES));
    }

    @Test
    void decode_signedByAnotherKey_isRefused_butRotationKeepsOldCursorsValid() {
        String old = codec.encode("q", LAST);
        assertInvalid(() -> CursorCodec.withKeys(List.of(KEY_B)).decode("q", old, ATTRIBUTES));

        CursorCodec rotated = CursorCodec.fromSetting(KEY_B + "," + KEY_A, Map.of());
        assertThat(rotated.decode("q", old, ATTRIBUTES)).isEqualTo(LAST);
        assertInvalid(() -> codec.decode("q", rotated.encode("q", LAST), ATTRIBUTES));
    }

    @Test
    void decode_withOtherKeyAttributesThanTheQueryUses_isRefused() {
        String cursor = codec.encode("q", LAST);
        assertInvalid(() -> codec.decode("q", cursor, Set.of("pk", "sk", "gsi1pk", "gsi1sk")));
        assertInvalid(() -> codec.decode("q", cursor, Set.of("pk", "other")));
    }

    @Property(tries = 300)
    void decode_ofArbitraryText_isAlwaysA400(@ForAll @StringLength(max = 300) String cursor) {
        assertInvalid(() -> codec.decode("q", cursor, ATTRIBUTES));
    }

    @Property(tries = 200)
    void decode_ofAnyOneCharacterChange_isRefused(@ForAll("positions") int position, @ForAll char replacement) {
        String cursor = codec.encode("q", LAST);
        int at = position % cursor.length();
        if (cursor.charAt(at) == replacement) {
            return;
        }
        String changed = cursor.substring(0, at) + replacement + cursor.substring(at + 1);
        assertInvalid(() -> codec.decode("q", changed, ATTRIBUTES));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> positions() {
        return net.jqwik.api.Arbitraries.integers().between(0, 10_000);
    }

    @Test
    void fromSetting_refusesShortKeys_andRequiresAKeyOnLambda() {
        assertThatThrownBy(() -> CursorCodec.fromSetting("short", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CursorCodec.fromSetting(null, Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java17")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CURSOR_SIGNING_KEY");
        CursorCodec local = CursorCodec.fromSetting(" ", Map.of());
        assertThat(local.decode("q", local.encode("q", LAST), ATTRIBUTES)).isEqualTo(LAST);
    }

    private static void assertInvalid(Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactly("cursor"));
    }
}
