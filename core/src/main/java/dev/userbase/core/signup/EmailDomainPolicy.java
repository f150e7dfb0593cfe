package dev.userbase.core.signup;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.InvalidInputException;

/**
 * The optional allow and deny lists of email domains ({@code EMAIL_DOMAIN_ALLOWLIST},
 * {@code EMAIL_DOMAIN_DENYLIST}). A listed domain covers itself and its subdomains
 * ({@code example.com} covers {@code mail.example.com}). The deny list wins; an empty allow list
 * allows every domain not denied.
 */
public final class EmailDomainPolicy {

    private final Set<String> allowed;
    private final Set<String> denied;

    public EmailDomainPolicy(Set<String> allowed, Set<String> denied) {
        this.allowed = normalise(allowed);
        this.denied = normalise(denied);
    }

    public static EmailDomainPolicy of(UsersConfig config) {
        return new EmailDomainPolicy(config.allowedEmailDomains(), config.deniedEmailDomains());
    }

    /** Throws {@link InvalidInputException} (field {@code email}) if sign-up from this address's domain is not open. */
    public void check(EmailAddress email) {
        String domain = email.domain();
        if (matchesAny(domain, denied) || (!allowed.isEmpty() && !matchesAny(domain, allowed))) {
            throw InvalidInputException.forField("email", "Sign-up is not open to email addresses at " + domain);
        }
    }

    private static boolean matchesAny(String domain, Set<String> listed) {
        for (String entry : listed) {
            if (domain.equals(entry) || domain.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> normalise(Set<String> domains) {
        // the same folding as EmailAddress, so a listed domain compares equal to a normalised address's domain
        return domains.stream()
                .map(d -> Normalizer.normalize(d.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .map(d -> d.startsWith("@") || d.startsWith(".") ? d.substring(1) : d)
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
