package dev.userbase.core.privacy;

import java.util.Arrays;
import java.util.Locale;

import dev.userbase.core.error.InvalidInputException;

/** The parts of an export that can be too long for one response, so they come in pages. */
public enum ExportSection {
    FOLLOWING,
    FOLLOWERS,
    AUDIT;

    /** The section's name in the document and in the {@code section} query parameter. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidInputException (field {@code section}) not a section's name */
    public static ExportSection fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst()
                .orElseThrow(() -> InvalidInputException.forField("section",
                        "section must be one of following, followers, audit"));
    }
}
