package dev.userbase.core.email;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * A normalised email address: the key of its uniqueness guard.
 *
 * <p>Normalisation is trim, Unicode NFKC, lower-case (root locale). Nothing else: a {@code +tag}
 * and dots in the local part are kept, because for most providers {@code ann+news@example.com} and
 * {@code a.nn@example.com} are different mailboxes, and folding them would let one person lock
 * another out of their own address. Lower-casing the local part is a deliberate choice too: no
 * mainstream provider treats case as significant, and Cognito itself matches email usernames
 * case-insensitively.
 *
 * <p>Accepted: {@code local@domain} with one {@code @}; a local part of 1–64 characters from the
 * RFC 5322 "atext" set, dots (not first, last or doubled) and non-ASCII letters (RFC 6531); a
 * domain of at least two dot-separated labels of letters, digits and inner hyphens, 1–63
 * characters each, whose last label is not numeric; 254 characters at most. Quoted local parts and
 * IP-literal domains are rejected: Cognito and most mail services reject them too.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_LENGTH = 64;
    public static final int MAX_LABEL_LENGTH = 63;

    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

    private final String value;

    private EmailAddress(String value) {
        this.value = value;
    }

    /** Normalises and validates {@code raw}; throws {@link InvalidEmailException} saying what is wrong. */
    public static EmailAddress parse(String raw) {
        return new EmailAddress(normalise(raw));
    }

    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidEmailException("An email address is required");
        }
        String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (email.length() > MAX_LENGTH) {
            throw new InvalidEmailException("Email address is longer than " + MAX_LENGTH + " characters");
        }
        int at = email.indexOf('@');
        if (at < 0 || at != email.lastIndexOf('@')) {
            throw new InvalidEmailException("Email address must contain exactly one '@'");
        }
        validateLocalPart(email.substring(0, at));
        validateDomain(email.substring(at + 1));
        return email;
    }

    public String value() {
        return value;
    }

    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    private static void validateLocalPart(String local) {
        if (local.isEmpty()) {
            throw new InvalidEmailException("Email address is missing the part before '@'");
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            throw new InvalidEmailException("The part before '@' is longer than " + MAX_LOCAL_LENGTH + " characters");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidEmailException("Email address has a misplaced '.' before '@'");
        }
        for (int i = 0; i < local.length(); ) {
            int c = local.codePointAt(i);
            boolean ok = c == '.' || isAsciiLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0
                    || (c > 0x7F && Character.isLetterOrDigit(c));
            if (!ok) {
                throw new InvalidEmailException("Email address contains a character that is not allowed: "
                        + describe(c));
            }
            i += Character.charCount(c);
        }
    }

    private static void validateDomain(String domain) {
        if (domain.isEmpty()) {
            throw new InvalidEmailException("Email address is missing the domain after '@'");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidEmailException("Email domain must contain a '.' (for example example.com)");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidEmailException("Email domain has a misplaced '.'");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw new InvalidEmailException("Email domain has a part longer than " + MAX_LABEL_LENGTH + " characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidEmailException("Email domain parts cannot start or end with '-'");
            }
            for (int i = 0; i < label.length(); ) {
                int c = label.codePointAt(i);
                boolean ok = c == '-' || isAsciiLetterOrDigit(c) || (c > 0x7F && Character.isLetterOrDigit(c));
                if (!ok) {
                    throw new InvalidEmailException("Email domain contains a character that is not allowed: "
                            + describe(c));
                }
                i += Character.charCount(c);
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidEmailException("Email domain must end in a name, not a number");
        }
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String describe(int c) {
        if (Character.isWhitespace(c)) {
            return "a space";
        }
        if (Character.isISOControl(c) || !Character.isDefined(c)) {
            return String.format("U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
