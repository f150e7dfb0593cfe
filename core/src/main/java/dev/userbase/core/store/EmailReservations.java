package dev.userbase.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.repo.UserRepository;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The rule by which a not-yet-created Cognito user (a sign-up, a legacy user being migrated)
 * reserves an email address: a PENDING guard with a TTL, written on the condition that there is
 * no guard, or an expired PENDING one (DynamoDB deletes expired items lazily, so the condition
 * compares {@code expiresAt} with now itself), or a PENDING one for this same {@code userName}
 * (Cognito retries a trigger that timed out). Anything else holds the address.
 */
public final class EmailReservations {

    private static final Map<String, String> NAMES = Map.of(
            "#pk", UsersTable.PK,
            "#state", EmailReservation.STATE,
            "#expiresAt", EmailReservation.EXPIRES_AT,
            "#userName", EmailReservation.USER_NAME);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final UserRepository repository;

    public EmailReservations(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.repository = new UserRepository(dynamoDb, table);
    }

    /**
     * Writes {@code reservation} (PENDING, with {@code userName} and {@code expiresAt}) if the address
     * is free for it at {@code now}.
     *
     * @return empty when the address is now reserved; otherwise the guard that holds it
     */
    public Optional<EmailReservation> reservePending(EmailReservation reservation, Instant now, ChangeContext context) {
        if (reservation.state() != EmailReservation.State.PENDING || reservation.userName() == null) {
            throw new IllegalArgumentException("only a PENDING reservation with a userName is reserved this way");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(context.stamp(reservation.toItem()))
                        .conditionExpression("attribute_not_exists(#pk) OR "
                                + "(#state = :pending AND (#expiresAt <= :now OR #userName = :userName))")
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(Map.of(
                                ":pending", Attributes.s(EmailReservation.State.PENDING.name()),
                                ":now", Attributes.epochSeconds(now),
                                ":userName", Attributes.s(reservation.userName())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build());
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> old = e.item();
                Optional<EmailReservation> holder = old != null && !old.isEmpty()
                        ? Optional.of(EmailReservation.fromItem(old))
                        : repository.findReservation(reservation.email());
                // a holder that vanished since (deleted by its TTL) frees the address: try once more
                if (holder.isPresent() || attempt == 2) {
                    return Optional.of(holder.orElse(reservation));
                }
            }
        }
    }

    // ---- sign-up, migration, email change, expiry (B1)

    // ---- erasure (B2)
}
