package dev.userbase.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.userbase.local.LocalStack;
import dev.userbase.local.LocalStackSettings;

/**
 * The whole local stack with the real handlers for one test class: started before its first test (its own
 * temporary data directory, ephemeral ports, see {@link StackFixtures#settings}), stopped after its last,
 * with a {@link StackClient} to it. Register it on a static field:
 * {@code @RegisterExtension static final LocalStackExtension local = LocalStackExtension.real(WINDOW);}
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback {

    private final Duration followWindow;
    private final UnaryOperator<LocalStackSettings> adjust;
    private final boolean allHandlers;
    private final boolean warm;
    private LocalStack stack;
    private StackClient client;

    private LocalStackExtension(Duration followWindow, UnaryOperator<LocalStackSettings> adjust, boolean allHandlers,
            boolean warm) {
        this.followWindow = followWindow;
        this.adjust = adjust;
        this.allHandlers = allHandlers;
        this.warm = warm;
    }

    /** The stack of {@code StackFunctions.real(followWindow)}, its data in memory. */
    public static LocalStackExtension real(Duration followWindow) {
        return new LocalStackExtension(followWindow, UnaryOperator.identity(), false, false);
    }

    /** The same stack with other settings, made from the test defaults. */
    public LocalStackExtension settings(UnaryOperator<LocalStackSettings> settings) {
        return new LocalStackExtension(followWindow, s -> settings.apply(adjust.apply(s)), allHandlers, warm);
    }

    /** The same stack with its data kept in its directory (so its generated keys are the kept ones). */
    public LocalStackExtension keepingData() {
        return settings(StackFixtures::persistent);
    }

    /** Fails the class before its tests unless every handler class of the stack is on the classpath. */
    public LocalStackExtension requiringAllHandlers() {
        return new LocalStackExtension(followWindow, adjust, true, warm);
    }

    /** The Cognito triggers warmed and a first sign-up made before the tests (see {@link StackFixtures#warmUp}). */
    public LocalStackExtension warmedUp() {
        return new LocalStackExtension(followWindow, adjust, allHandlers, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = StackFixtures.startReal(adjust.apply(StackFixtures.settings(followWindow)), followWindow);
        client = new StackClient(stack);
        if (allHandlers) {
            assertThat(stack.missingHandlers()).as("handler classes on the classpath").isEmpty();
        }
        if (warm) {
            StackFixtures.warmUp(stack, followWindow, client);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    public LocalStack stack() {
        return stack;
    }

    public StackClient client() {
        return client;
    }

    /** Runs {@code local/cli} against this stack, as the README's walkthrough does. */
    public CliRun cli(String... args) {
        return CliRun.against(stack, followWindow, args);
    }
}
