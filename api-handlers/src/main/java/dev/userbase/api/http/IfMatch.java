package dev.userbase.api.http;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.model.VersionCondition;

/**
 * Reads an {@code If-Match} header (RFC 9110): {@code *}, or a list of entity tags. Our ETags are
 * strong, {@code "<version>"}; If-Match compares strongly, so a weak tag ({@code W/"3"}) or a tag
 * that is not a version never matches (412), while a header that is not an entity-tag list is a 400.
 */
final class IfMatch {

    static final int MAX_TAGS = 10;
    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E]*)\"\\s*(,|$)");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private IfMatch() {
    }

    public static VersionCondition parse(String header) {
        String value = header.strip();
        if (value.equals("*")) {
            return VersionCondition.exists();
        }
        Set<Long> versions = new LinkedHashSet<>();
        Matcher matcher = TAG.matcher(value);
        int position = 0;
        int tags = 0;
        while (position < value.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw invalid();
            }
            tags++;
            boolean weak = matcher.group(1) != null;
            String opaque = matcher.group(2);
            if (!weak && VERSION.matcher(opaque).matches()) {
                versions.add(Long.parseLong(opaque));
            }
            position = matcher.end();
            if (matcher.group(3).equals(",") && position >= value.length()) {
                throw invalid(); // a trailing comma
            }
        }
        if (tags == 0 || tags > MAX_TAGS) {
            throw invalid();
        }
        // no tag can match: a version no item ever has
        return VersionCondition.oneOf(versions.isEmpty() ? Set.of(-1L) : versions);
    }

    private static InvalidInputException invalid() {
        return InvalidInputException.forField("If-Match", "If-Match must be \"*\" or up to " + MAX_TAGS
                + " entity tags such as \"3\" (the ETag of the version you read)");
    }
}
