package dev.userbase.bench.coldstart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The items of one cold-start run, written with the bare SDK: the PENDING reservation the driver
 * seeds (what PreSignUp would have left), and the baseline's copy of the PostConfirmation
 * transaction — the same two items, attributes and conditions as
 * {@code dev.userbase.core.signup.ProfileProvisioner} writes, spelled out by hand so the baseline
 * depends on nothing but the SDK. The driver checks that both variants leave identical items.
 */
public final class FirstInvocationItems {

    public static final String GIVEN_NAME = "Ann";
    public static final String FAMILY_NAME = "Lee";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private FirstInvocationItems() {
    }

    public static String userName(String run) {
        return "bench-" + run;
    }

    public static String sub(String run) {
        return "bench-sub-" + run;
    }

    public static String email(String run) {
        return "bench-" + run + "@example.com";
    }

    public static Map<String, AttributeValue> profileKey(String run) {
        return Map.of("pk", s("USER#" + sub(run)), "sk", s("PROFILE"));
    }

    public static Map<String, AttributeValue> guardKey(String run) {
        return Map.of("pk", s("EMAIL#" + email(run)), "sk", s("EMAIL"));
    }

    /** The PENDING reservation PreSignUp leaves for this run's user. */
    public static PutItemRequest reservation(String table, String run, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(guardKey(run));
        item.put("email", s(email(run)));
        item.put("state", s("PENDING"));
        item.put("purpose", s("SIGN_UP"));
        item.put("userName", s(userName(run)));
        item.put("createdAt", s(TIME.format(now)));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plusSeconds(86_400).getEpochSecond())));
        item.put("changedBy", s("system:pre-sign-up"));
        item.put("correlationId", s("bench-seed-" + run));
        return PutItemRequest.builder().tableName(table).item(item).build();
    }

    /** Profile put (if absent) + reservation confirmed (if PENDING for this user), in one transaction. */
    public static TransactWriteItemsRequest confirmation(String table, String run, String requestId, Instant instant) {
        String now = TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
        String sub = sub(run);
        Map<String, AttributeValue> profile = new HashMap<>(profileKey(run));
        profile.put("userId", s(sub));
        profile.put("email", s(email(run)));
        profile.put("givenName", s(GIVEN_NAME));
        profile.put("familyName", s(FAMILY_NAME));
        profile.put("displayName", s(GIVEN_NAME + " " + FAMILY_NAME));
        profile.put("status", s("ACTIVE"));
        profile.put("followerCount", AttributeValue.fromN("0"));
        profile.put("followingCount", AttributeValue.fromN("0"));
        profile.put("version", AttributeValue.fromN("1"));
        profile.put("createdAt", s(now));
        profile.put("updatedAt", s(now));
        profile.put("gsi2pk", s("NAME#an"));
        profile.put("gsi2sk", s("ann lee#" + sub));
        profile.put("gsi3pk", s("STATUS#ACTIVE"));
        profile.put("gsi3sk", s(now + "#" + sub));
        profile.put("changedBy", s("system:post-confirmation"));
        profile.put("correlationId", s(requestId));

        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pending", s("PENDING"));
        values.put(":confirmed", s("CONFIRMED"));
        values.put(":userName", s(userName(run)));
        values.put(":userId", s(sub));
        values.put(":now", s(now));
        values.put(":changedBy", s("system:post-confirmation"));
        values.put(":correlationId", s(requestId));
        return TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(table)
                        .item(profile)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", "pk"))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(table)
                        .key(guardKey(run))
                        .updateExpression("SET #state = :confirmed, #userId = :userId, #confirmedAt = :now, "
                                + "changedBy = :changedBy, correlationId = :correlationId REMOVE #expiresAt")
                        .conditionExpression("(#state = :pending AND #userName = :userName) "
                                + "OR (#state = :confirmed AND #userId = :userId)")
                        .expressionAttributeNames(Map.of("#state", "state", "#userId", "userId",
                                "#confirmedAt", "confirmedAt", "#expiresAt", "expiresAt", "#userName", "userName"))
                        .expressionAttributeValues(values)
                        .build()).build())
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
