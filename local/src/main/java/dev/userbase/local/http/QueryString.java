package dev.userbase.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query string parsing: each name with all its values, in order, decoded. */
public final class QueryString {

    private QueryString() {
    }

    /** Each name's first value. */
    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> first = new LinkedHashMap<>();
        parseMulti(rawQuery).forEach((name, values) -> first.put(name, values.get(0)));
        return first;
    }

    public static Map<String, List<String>> parseMulti(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape: keep the raw text, as API Gateway passes it through
        }
    }
}
