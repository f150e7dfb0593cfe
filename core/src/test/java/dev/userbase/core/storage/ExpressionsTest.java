package dev.userbase.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class ExpressionsTest {

    private static final Map<String, AttributeValue> KEY = Map.of("pk", Attributes.s("USER#1"), "sk", Attributes.s("PROFILE"));

    /** Requests are only built here, never sent: a client that refuses every call proves it. */
    private final Table table = new Table(DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
            .build(), "users");

    @Test
    void condition_rendersNamesAndValuesAsPlaceholders() {
        Placeholders p = new Placeholders();
        String text = Condition.notExists("pk")
                .or(Condition.and(Condition.eq("state", "PENDING"),
                        Condition.or(Condition.atOrBefore("expiresAt", Instant.ofEpochSecond(100)),
                                Condition.eq("userName", "u-1"))))
                .render(p);

        assertThat(text).isEqualTo("(attribute_not_exists(#pk)) OR ((#state = :v0) AND ((#expiresAt <= :v1) OR (#userName = :v2)))");
        assertThat(p.names()).containsExactlyInAnyOrderEntriesOf(
                Map.of("#pk", "pk", "#state", "state", "#expiresAt", "expiresAt", "#userName", "userName"));
        assertThat(p.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ":v0", Attributes.s("PENDING"), ":v1", Attributes.n(100), ":v2", Attributes.s("u-1")));
    }

    @Test
    void placeholders_sameValueTwice_boundOnce_andOddNamesGetNumberedPlaceholders() {
        Placeholders p = new Placeholders();
        String text = Condition.and(Condition.eq("a", 0), Condition.eq("b-c", 0), Condition.eq("map.key", 1)).render(p);

        assertThat(text).isEqualTo("(#a = :v0) AND (#n1 = :v0) AND (#map.#key = :v1)");
        assertThat(p.names()).containsEntry("#n1", "b-c").containsEntry("#map", "map").containsEntry("#key", "key");
        assertThat(p.values()).hasSize(2);
    }

    @Test
    void condition_operators() {
        AttributeValue one = Attributes.n(1);
        assertThat(render(Condition.ne("a", one))).isEqualTo("#a <> :v0");
        assertThat(render(Condition.lt("a", one))).isEqualTo("#a < :v0");
        assertThat(render(Condition.gt("a", one))).isEqualTo("#a > :v0");
        assertThat(render(Condition.ge("a", one))).isEqualTo("#a >= :v0");
        assertThat(render(Condition.after("a", Instant.ofEpochSecond(1)))).isEqualTo("#a > :v0");
        assertThat(render(Condition.between("a", one, Attributes.n(2)))).isEqualTo("#a BETWEEN :v0 AND :v1");
        assertThat(render(Condition.beginsWith("sk", "FOLLOWS#"))).isEqualTo("begins_with(#sk, :v0)");
        assertThat(render(Condition.contains("tags", Attributes.s("x")))).isEqualTo("contains(#tags, :v0)");
        assertThat(render(Condition.in("s", List.of(Attributes.s("A"), Attributes.s("B"))))).isEqualTo("#s IN (:v0, :v1)");
        assertThat(render(Condition.not(Condition.exists("x")))).isEqualTo("NOT (attribute_exists(#x))");
        assertThat(render(Condition.absentOrEq("n", one))).isEqualTo("(attribute_not_exists(#n)) OR (#n = :v0)");
        assertThat(render(Condition.allOf(List.of(Condition.exists("x"))))).isEqualTo("attribute_exists(#x)");
    }

    @Test
    void condition_refusesEmptyCompositionsAndMissingValues() {
        assertThatThrownBy(() -> Condition.anyOf(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Condition.eq("a", (AttributeValue) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> render(Condition.exists("a..b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Condition.in("a", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void update_rendersClausesInDynamoDbOrder() {
        Placeholders p = new Placeholders();
        String text = UpdateExpression.create()
                .remove("pendingEmail")
                .set("status", "ACTIVE")
                .add("tags", Attributes.ss(List.of("x")))
                .increment("version", 1)
                .delete("old", Attributes.ss(List.of("y")))
                .setIfAbsent("createdAt", Attributes.s("t"))
                .render(p);

        assertThat(text).isEqualTo("SET #status = :v0, #version = if_not_exists(#version, :v1) + :v2, "
                + "#createdAt = if_not_exists(#createdAt, :v3) REMOVE #pendingEmail ADD #tags :v4 DELETE #old :v5");
        assertThat(p.values().get(":v1")).isEqualTo(Attributes.n(0));
        assertThat(p.values().get(":v2")).isEqualTo(Attributes.n(1));
    }

    @Test
    void update_stampAndSetOrRemove() {
        Placeholders p = new Placeholders();
        String text = UpdateExpression.create()
                .stamp(new ChangeContext("user-1", "req-1"))
                .setOrRemove("avatarUrl", null)
                .setOrRemove("bio", Attributes.s("hi"))
                .render(p);

        assertThat(text).isEqualTo("SET #changedBy = :v0, #correlationId = :v1, #bio = :v2 REMOVE #avatarUrl");
    }

    @Test
    void update_refusesAnAttributeTwiceAndAnEmptyUpdate() {
        assertThatThrownBy(() -> UpdateExpression.create().set("a", 1).remove("a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> UpdateExpression.create().render(new Placeholders()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(UpdateExpression.create().isEmpty()).isTrue();
        assertThat(UpdateExpression.create().set("a", 1).add("b", 2).attributes()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void keyCondition_partitionAndOneSortCondition() {
        Placeholders p = new Placeholders();
        assertThat(KeyCondition.partition("pk", "USER#1").sortBeginsWith("sk", "FOLLOWS#").render(p))
                .isEqualTo("#pk = :v0 AND begins_with(#sk, :v1)");
        assertThat(render(KeyCondition.partition("pk", "p").sortBetween("sk", Attributes.s("A"), Attributes.s("B"))))
                .isEqualTo("#pk = :v0 AND #sk BETWEEN :v1 AND :v2");
        assertThat(render(KeyCondition.partition("pk", "p").sortLt("sk", Attributes.s("A")))).isEqualTo("#pk = :v0 AND #sk < :v1");
        assertThat(render(KeyCondition.partition("pk", "p").sortGe("sk", Attributes.s("A")))).isEqualTo("#pk = :v0 AND #sk >= :v1");
        assertThatThrownBy(() -> KeyCondition.partition("pk", "p").sortEq("sk", Attributes.s("A")).sortLe("sk", Attributes.s("B")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void projection_namesEveryAttribute() {
        Placeholders p = new Placeholders();
        assertThat(Projection.of("userId", "displayName").render(p)).isEqualTo("#userId, #displayName");
        assertThatThrownBy(() -> Projection.of()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void table_updateRequest_sharesOnePlaceholderSpaceAndAsksForTheOldItem() {
        UpdateItemRequest request = table.updateRequest(KEY,
                UpdateExpression.create().set("status", "ACTIVE").increment("version", 1),
                Condition.eq("version", 3), ReturnValue.ALL_NEW);

        assertThat(request.updateExpression()).isEqualTo("SET #status = :v0, #version = if_not_exists(#version, :v1) + :v2");
        assertThat(request.conditionExpression()).isEqualTo("#version = :v3");
        assertThat(request.expressionAttributeValues()).hasSize(4);
        assertThat(request.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(request.returnValues()).isEqualTo(ReturnValue.ALL_NEW);
    }

    @Test
    void table_putRequest_withoutConditionHasNoExpressionParts() {
        PutItemRequest plain = table.putRequest(KEY, null);
        assertThat(plain.conditionExpression()).isNull();
        assertThat(plain.hasExpressionAttributeNames()).isFalse();

        PutItemRequest guarded = table.putRequest(KEY, Condition.notExists("pk"));
        assertThat(guarded.conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
        assertThat(guarded.hasExpressionAttributeValues()).isFalse();
    }

    private static String render(Condition condition) {
        return condition.render(new Placeholders());
    }

    private static String render(KeyCondition condition) {
        return condition.render(new Placeholders());
    }
}
