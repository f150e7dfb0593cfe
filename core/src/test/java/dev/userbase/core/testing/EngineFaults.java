package dev.userbase.core.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.userbase.dynamodb.fault.Faults;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared engine's faults for a test that injects them (the {@code *FaultsIT}s), and a client of
 * the engine with {@linkplain TestDynamoDb#newClientWithQuickRetries() quick retries} for the code
 * under test; after each test the faults are cleared (they are the whole JVM's) and the client closed.
 *
 * <pre>
 * &#64;RegisterExtension
 * final EngineFaults engine = new EngineFaults();
 * ... new Service(engine.client(), ...);
 * engine.arm(fault); ... long injected = engine.disarm();
 * </pre>
 */
public final class EngineFaults implements AfterEachCallback {

    private final Faults faults = TestDynamoDb.shared().faults();
    private DynamoDbClient client;
    private long injectedBefore;

    /** A client that retries as the SDK does, with millisecond backoff; opened on first call, closed after the test. */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = TestDynamoDb.shared().newClientWithQuickRetries();
        }
        return client;
    }

    /** The engine's fault injector, for rules a {@link FaultCase} does not make. */
    public Faults faults() {
        return faults;
    }

    /** Adds {@code fault}'s rule, counting the faults injected from now. */
    public void arm(FaultCase fault) {
        injectedBefore = faults.injected();
        fault.arm(faults);
    }

    /** Clears the faults; how many were injected since {@link #arm}. */
    public long disarm() {
        long injected = faults.injected() - injectedBefore;
        faults.clear();
        return injected;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        faults.clear();
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
