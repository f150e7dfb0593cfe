package dev.userbase.api.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies byte by byte, for what a String cannot hold (malformed UTF-8, other encodings). */
public final class RawBodies {

    private RawBodies() {
    }

    /** Text and bytes, in order: a String is UTF-8 encoded, an Integer is one byte. */
    public static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
