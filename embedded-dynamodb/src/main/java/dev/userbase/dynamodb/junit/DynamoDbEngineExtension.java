package dev.userbase.dynamodb.junit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.fault.Faults;

/**
 * A JUnit 5 extension that gives a test class an embedded DynamoDB: its own, or one shared by every
 * class of the test run. Faults a test injected are cleared after it.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final DynamoDbEngineExtension dynamoDb = DynamoDbEngineExtension.shared()
 *         .onStart(endpoint -> createTables(endpoint));
 * ... dynamoDb.endpoint(), dynamoDb.faults()
 * </pre>
 */
public final class DynamoDbEngineExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbEngineExtension.class);

    private final boolean shared;
    private final EmbeddedDynamoDbOptions options;
    private final List<Consumer<URI>> setups = new ArrayList<>();
    private EmbeddedDynamoDb engine;

    private DynamoDbEngineExtension(boolean shared, EmbeddedDynamoDbOptions options) {
        this.shared = shared;
        this.options = options;
    }

    /** One engine for the whole test run (started on first use, stopped when the run ends). */
    public static DynamoDbEngineExtension shared() {
        return new DynamoDbEngineExtension(true, EmbeddedDynamoDbOptions.builder().build());
    }

    /** A new engine for each test class, with these options. */
    public static DynamoDbEngineExtension perClass(EmbeddedDynamoDbOptions options) {
        return new DynamoDbEngineExtension(false, Objects.requireNonNull(options));
    }

    public static DynamoDbEngineExtension perClass() {
        return perClass(EmbeddedDynamoDbOptions.builder().build());
    }

    /** Runs once the engine for this class is up (create tables here); runs for every class that registers it. */
    public DynamoDbEngineExtension onStart(Consumer<URI> setup) {
        setups.add(setup);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
            engine = store.getOrComputeIfAbsent("engine", key -> new CloseableEngine(EmbeddedDynamoDb.start(options)),
                    CloseableEngine.class).engine;
        } else {
            engine = EmbeddedDynamoDb.start(options);
        }
        for (Consumer<URI> setup : setups) {
            setup.accept(engine.endpoint());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (engine != null) {
            engine.faults().clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared && engine != null) {
            engine.close();
            engine = null;
        }
    }

    public EmbeddedDynamoDb engine() {
        if (engine == null) {
            throw new IllegalStateException("the engine runs only between beforeAll and afterAll; register the extension "
                    + "on a static field with @RegisterExtension");
        }
        return engine;
    }

    public URI endpoint() {
        return engine().endpoint();
    }

    public Faults faults() {
        return engine().faults();
    }

    /** Closes the shared engine when JUnit closes the root store at the end of the run. */
    private static final class CloseableEngine implements ExtensionContext.Store.CloseableResource {
        final EmbeddedDynamoDb engine;

        CloseableEngine(EmbeddedDynamoDb engine) {
            this.engine = engine;
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
