package dev.userbase.core.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bulk path: legacy rows as a Cognito user-import CSV, for teams that prefer an import job to
 * lazy migration. The header must be the pool's own ({@code aws cognito-idp get-csv-header}); each
 * row fills {@code cognito:username} and {@code email} (the lower-cased address: the pool's user
 * names are emails), {@code email_verified} {@code true}, {@code cognito:mfa_enabled} {@code false},
 * {@code name}, {@code given_name} and {@code family_name}, and leaves every other column empty.
 * Passwords cannot be imported: imported users are RESET_REQUIRED and set a new one at first
 * sign-in; their profiles come from the backfill job afterwards (PostConfirmation does not run for
 * imported users). Disabled rows and rows without an email are left out.
 */
public final class UserImportCsv {

    /** What {@code GetCSVHeader} answers for this project's pool (standard attributes, email as user name). */
    public static final List<String> DEFAULT_HEADER = List.of("name", "given_name", "family_name", "middle_name",
            "nickname", "preferred_username", "profile", "picture", "website", "email", "email_verified", "gender",
            "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at",
            "cognito:mfa_enabled", "cognito:username");

    private final List<String> header;

    public UserImportCsv(List<String> header) {
        this.header = List.copyOf(header);
        for (String required : List.of("cognito:username", "email", "email_verified", "cognito:mfa_enabled")) {
            if (!this.header.contains(required)) {
                throw new IllegalArgumentException("the CSV header has no " + required + " column");
            }
        }
    }

    /** Writes the header line and one line per importable row; returns the number of users written. */
    public int write(Iterable<LegacyUser> users, Writer out) {
        Objects.requireNonNull(out, "out");
        try {
            out.write(String.join(",", header));
            out.write("\n");
            int written = 0;
            for (LegacyUser user : users) {
                if (user.disabled() || user.email() == null || user.email().isBlank()) {
                    continue;
                }
                Map<String, String> values = values(user);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < header.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    line.append(escape(values.getOrDefault(header.get(i), "")));
                }
                out.write(line.append('\n').toString());
                written++;
            }
            out.flush();
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> values(LegacyUser user) {
        String email = user.email().strip().toLowerCase(Locale.ROOT);
        String[] names = user.givenAndFamilyName();
        return Map.of(
                "cognito:username", email,
                "email", email,
                "email_verified", "true",
                "cognito:mfa_enabled", "false",
                "name", user.name() == null ? "" : user.name().strip(),
                "given_name", names[0] == null ? "" : names[0],
                "family_name", names[1] == null ? "" : names[1]);
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
    static String escape(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
