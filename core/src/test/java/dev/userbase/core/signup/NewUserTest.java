package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewUserTest {

    @Test
    void displayName_joinsTheNamesGiven() {
        assertThat(new NewUser("u", "s", "e@x.io", " Ann ", "Lee").displayName()).isEqualTo("Ann Lee");
        assertThat(new NewUser("u", "s", "e@x.io", null, "Lee").displayName()).isEqualTo("Lee");
        assertThat(new NewUser("u", "s", "e@x.io", "Ann", " ").displayName()).isEqualTo("Ann");
        assertThat(new NewUser("u", "s", "e@x.io", "", null).displayName()).isNull();
    }
}
