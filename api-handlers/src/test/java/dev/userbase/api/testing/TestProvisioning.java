package dev.userbase.api.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.profile.NewAccount;
import dev.userbase.core.profile.ProfileProvisioning;
import dev.userbase.core.repo.UserRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A test double of the sign-up path's profile provisioner (the API only sees the
 * {@link ProfileProvisioning} port): one transaction puts the profile and a CONFIRMED guard when
 * the address is free; an existing profile is returned as is. Records the accounts it was asked for.
 */
public final class TestProvisioning implements ProfileProvisioning {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final List<NewAccount> calls = new CopyOnWriteArrayList<>();

    public TestProvisioning(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public List<NewAccount> calls() {
        return List.copyOf(calls);
    }

    @Override
    public UserProfile provision(NewAccount account, ChangeContext context) {
        calls.add(account);
        UserRepository repository = new UserRepository(dynamoDb, table);
        String email = EmailAddress.normalise(account.email());
        var existing = repository.findProfile(account.userId());
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        String displayName = account.givenName() == null ? account.familyName()
                : account.familyName() == null ? account.givenName() : account.givenName() + " " + account.familyName();
        UserProfile profile = UserProfile.builder().userId(account.userId()).email(email)
                .givenName(account.givenName()).familyName(account.familyName()).displayName(displayName)
                .createdAt(now).updatedAt(now).build();
        EmailReservation guard = new EmailReservation(email, EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, account.userName(), account.userId(), now, null, now);
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(context.stamp(profile.toItem()))
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(context.stamp(guard.toItem()))
                            .conditionExpression("attribute_not_exists(pk) OR (#s = :pending AND userName = :u)")
                            .expressionAttributeNames(Map.of("#s", "state"))
                            .expressionAttributeValues(Map.of(
                                    ":pending", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PENDING"),
                                    ":u", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(account.userName())))
                            .build()).build()));
        } catch (TransactionCanceledException e) {
            return repository.findProfile(account.userId()).orElseThrow(EmailTakenException::new);
        }
        return profile;
    }
}
