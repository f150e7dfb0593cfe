package dev.userbase.api.testing;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.testing.LocalTables;

/**
 * Where most API ITs start each test: fresh tables ({@link LocalTables}), the three handlers over
 * them ({@link TestApi}) and the people the test class names signed up, in that order. A subclass's
 * own {@code @BeforeEach} runs after this one, so it sees them.
 */
public abstract class ApiIntegrationTest {

    @RegisterExtension
    protected static final LocalTables tables = new LocalTables();

    protected final TestUser ann = Person.ANN.user();
    protected final TestUser bob = Person.BOB.user();
    protected final TestUser admin = Person.ADMIN.user();
    protected TestApi api;
    private final List<Person> signedUp;

    /** @param signedUp who is signed up before each test (the other fields name people not signed up) */
    protected ApiIntegrationTest(Person... signedUp) {
        this.signedUp = List.of(signedUp);
    }

    @BeforeEach
    protected final void startApi() {
        api = new TestApi(tables);
        signedUp.forEach(person -> person.signUp(api));
    }
}
