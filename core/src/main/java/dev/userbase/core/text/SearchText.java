package dev.userbase.core.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds display names and search queries the same way, so a prefix search is insensitive to case
 * and accents: compatibility decomposition (NFKD), combining marks removed, lower-cased (root
 * locale), runs of white space collapsed to one space, trimmed. "  Émilie  Durand" and "emilie d"
 * fold to comparable strings.
 */
public final class SearchText {

    /** The number of leading characters of a folded name that partition the search index. */
    public static final int PARTITION_PREFIX_LENGTH = 2;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SearchText() {
    }

    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String unmarked = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String lower = unmarked.toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(lower).replaceAll(" ").trim();
    }

    /** The search-index partition of a folded string: its first {@link #PARTITION_PREFIX_LENGTH} code points. */
    public static String partitionOf(String folded) {
        int end = folded.offsetByCodePoints(0, Math.min(PARTITION_PREFIX_LENGTH, folded.codePointCount(0, folded.length())));
        return folded.substring(0, end);
    }
}
