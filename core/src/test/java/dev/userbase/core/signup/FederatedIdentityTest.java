package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FederatedIdentityTest {

    @ParameterizedTest
    @CsvSource({
        "Google_109876543210, Google, 109876543210",
        "google_109876543210, Google, 109876543210",
        "facebook_10155611263153532, Facebook, 10155611263153532",
        "signinwithapple_001234.abcdef0123.0042, SignInWithApple, 001234.abcdef0123.0042",
        "LoginWithAmazon_amzn1.account.AE12, LoginWithAmazon, amzn1.account.AE12",
        "CorpSaml_jane_doe@corp.example, CorpSaml, jane_doe@corp.example",
    })
    void fromUserName_splitsAtTheFirstUnderscoreAndRestoresSocialProviderNames(String userName, String provider,
            String subject) {
        assertThat(FederatedIdentity.fromUserName(userName, null)).contains(new FederatedIdentity(provider, subject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "_123", "Google_", ""})
    void fromUserName_rejectsNamesThatAreNotProviderAndSubject(String userName) {
        assertThat(FederatedIdentity.fromUserName(userName, null)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void fromUserName_prefersTheMappedSubject() {
        assertThat(FederatedIdentity.fromUserName("myoidc_abcdef", " AbCdEf "))
                .contains(new FederatedIdentity("myoidc", "AbCdEf"));
    }
}
