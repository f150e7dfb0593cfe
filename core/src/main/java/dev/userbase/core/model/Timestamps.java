package dev.userbase.core.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Fixed-width ISO-8601 UTC timestamps with milliseconds ({@code 2026-01-02T03:04:05.006Z}).
 * {@link Instant#toString()} drops trailing zero fractions, which breaks the lexicographic order
 * that sort keys (audit entries, the status index) rely on.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
