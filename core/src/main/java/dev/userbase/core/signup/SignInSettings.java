package dev.userbase.core.signup;

import java.time.Duration;
import java.util.Map;

import dev.userbase.core.config.EnvironmentValues;

/**
 * How often a sign-in is written to the profile: at most once per user per
 * {@value #SIGN_IN_RECORD_INTERVAL_MINUTES} (default 15 minutes), so a client that signs in again
 * and again costs a read, not a write.
 */
public record SignInSettings(Duration recordInterval) {

    public static final String SIGN_IN_RECORD_INTERVAL_MINUTES = "SIGN_IN_RECORD_INTERVAL_MINUTES";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

    public SignInSettings {
        if (recordInterval.isNegative()) {
            throw new IllegalArgumentException(SIGN_IN_RECORD_INTERVAL_MINUTES + " must not be negative");
        }
    }

    public static SignInSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static SignInSettings fromEnvironment(Map<String, String> env) {
        return new SignInSettings(Duration.ofMinutes(
                EnvironmentValues.wholeNumber(env, SIGN_IN_RECORD_INTERVAL_MINUTES, DEFAULT_INTERVAL.toMinutes())));
    }
}
