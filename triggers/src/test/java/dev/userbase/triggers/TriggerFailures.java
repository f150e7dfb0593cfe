package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What Cognito is shown when a trigger fails: the one assertion every trigger test makes of it. */
final class TriggerFailures {

    private TriggerFailures() {
    }

    /**
     * Asserts that {@code invocation} fails with a {@link TriggerFailure} whose message, the text
     * Cognito shows, is exactly {@code message}; further checks chain on the answer.
     */
    static AbstractThrowableAssert<?, ? extends Throwable> assertFailsShowing(ThrowingCallable invocation,
            String message) {
        return assertThatThrownBy(invocation).isInstanceOf(TriggerFailure.class).hasMessage(message);
    }
}
