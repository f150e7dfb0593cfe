package dev.userbase.api;

import java.time.Duration;
import java.util.Objects;

import dev.userbase.core.admin.NewUserRequest;
import dev.userbase.core.admin.UserCreation;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.IdempotencyRecords;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.Idempotent;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Admin user creation made idempotent by Powertools (1.x, {@code @Idempotent} woven by AspectJ):
 * the record key is the calling admin's id plus their {@code Idempotency-Key}, records live in the
 * idempotency table for {@link #EXPIRATION}, and a repeat of a completed request returns the first
 * response without doing anything. The same key with a different body is refused
 * ({@code IdempotencyValidationException}, 422); a repeat while the first is still running gets
 * {@code IdempotencyAlreadyInProgressException} (409). Only successes are recorded: after a
 * failure the same key runs again, which {@link UserCreation} makes safe.
 *
 * <p>The record keeps no personal data but the new user's id: the response body (email, names) is
 * rendered from the profile on every call, the first and the replays, so a replay shows the user as
 * they are now. The id is erased with the user: the store puts an {@code IdempotencyLink} in the
 * user's partition before the record names them ({@link LinkingPersistenceStore}), and the erasure
 * deletes the record through it. A replay after the erasure finds no record and creates the user
 * anew.
 *
 * <p>Powertools keeps its configuration in a JVM-wide singleton. Lambda runs one handler per JVM,
 * but the local stack runs several, so {@link #configure()} re-applies this function's settings
 * before every call rather than relying on construction order.
 */
public class IdempotentUserCreation {

    public static final Duration EXPIRATION = Duration.ofHours(24);

    private final UserCreation creation;
    private final LinkingPersistenceStore store;
    private final IdempotencyConfig config;

    public IdempotentUserCreation(UserCreation creation, DynamoDbClient dynamoDb, String usersTable,
            String idempotencyTable) {
        this.creation = Objects.requireNonNull(creation, "creation");
        this.store = new LinkingPersistenceStore(DynamoDBPersistenceStore.builder()
                .withTableName(idempotencyTable)
                .withDynamoDbClient(dynamoDb)
                .build(), new IdempotencyRecords(new Table(dynamoDb, usersTable), new Table(dynamoDb, idempotencyTable)));
        this.config = IdempotencyConfig.builder()
                .withExpiration(EXPIRATION)
                // a hash, not a list: Powertools 1.15 judges a key "missing" by its object fields,
                // so a list-shaped key would always be refused
                .withEventKeyJMESPath("{caller: callerId, key: idempotencyKey}")
                .withPayloadValidationJMESPath("request")
                .withThrowOnNoIdempotencyKey(true)
                .build();
        configure();
    }

    /** Points Powertools' singleton at this function's store and settings. */
    public final void configure() {
        synchronized (Idempotency.class) {
            Idempotency.config().withPersistenceStore(store).withConfig(config).configure();
        }
    }

    /** Creates the user unless this admin already did so under this key; the first call's user is returned then. */
    @Idempotent
    public CreatedUser create(CreateUserCall call) {
        UserProfile profile = creation.create(call.request(), new ChangeContext(call.callerId(), call.requestId()));
        return new CreatedUser(profile.userId());
    }

    /**
     * The payload Powertools hashes: the key is {@code {callerId, idempotencyKey}}; {@code request}
     * must match on a repeat; {@code requestId} (the first request's, for the change stamp) is neither.
     */
    public record CreateUserCall(String callerId, String idempotencyKey, NewUserRequest request, String requestId) {
    }

    /** What is stored and replayed: the new user's id, and nothing else about them. */
    public record CreatedUser(String userId) {
    }
}
