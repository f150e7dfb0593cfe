package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class EmailDomainPolicyTest {

    @Test
    void emptyLists_allowEverything() {
        assertThatCode(() -> new EmailDomainPolicy(Set.of(), Set.of()).check(EmailAddress.parse("a@b.example")))
                .doesNotThrowAnyException();
    }

    @Test
    void listedDomains_coverSubdomainsButNotLookalikes() {
        EmailDomainPolicy policy = new EmailDomainPolicy(Set.of("Example.com"), Set.of("@spam.example.com"));

        assertThatCode(() -> policy.check(EmailAddress.parse("a@example.com"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(EmailAddress.parse("a@mail.example.com"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(EmailAddress.parse("a@notexample.com")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> policy.check(EmailAddress.parse("a@x.spam.example.com")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Sign-up is not open to email addresses at x.spam.example.com");
    }

    @Property
    void aDeniedDomain_isRefusedWhateverTheAllowList(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String label) {
        String domain = label.toLowerCase() + ".test";
        EmailDomainPolicy policy = new EmailDomainPolicy(Set.of(domain), Set.of(domain));

        assertThatThrownBy(() -> policy.check(EmailAddress.parse("someone@" + domain)))
                .isInstanceOf(InvalidInputException.class);
    }
}
