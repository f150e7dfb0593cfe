package dev.userbase.core.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one DynamoDB update (SET / REMOVE / ADD / DELETE clauses and a condition) with every
 * attribute name and value passed as a placeholder, so no value ever becomes expression text.
 */
public final class ItemUpdate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String table;
    private final Map<String, AttributeValue> key;
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    public ItemUpdate(String table, Map<String, AttributeValue> key) {
        this.table = table;
        this.key = Map.copyOf(key);
    }

    /** The placeholder of an attribute name. */
    public String name(String attribute) {
        if (!NAME.matcher(attribute).matches()) {
            throw new IllegalArgumentException("unexpected attribute name " + attribute);
        }
        names.put("#" + attribute, attribute);
        return "#" + attribute;
    }

    /** The placeholder {@code :label} bound to {@code value}. */
    public String value(String label, AttributeValue value) {
        AttributeValue previous = values.put(":" + label, value);
        if (previous != null && !previous.equals(value)) {
            throw new IllegalArgumentException("placeholder :" + label + " bound twice");
        }
        return ":" + label;
    }

    public ItemUpdate set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(attribute, value));
        return this;
    }

    public ItemUpdate set(String attribute, String value) {
        return set(attribute, Attributes.s(value));
    }

    /** Adds one to a number attribute, starting from zero when absent. */
    public ItemUpdate increment(String attribute) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value("zero", Attributes.n(0)) + ") + " + value("one", Attributes.n(1)));
        return this;
    }

    public ItemUpdate remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    public ItemUpdate addToSet(String attribute, AttributeValue elements) {
        adds.add(name(attribute) + " " + value(attribute + "Add", elements));
        return this;
    }

    public ItemUpdate deleteFromSet(String attribute, AttributeValue elements) {
        deletes.add(name(attribute) + " " + value(attribute + "Delete", elements));
        return this;
    }

    /** Sets {@code changedBy} and {@code correlationId}: every write names who made it. */
    public ItemUpdate stamp(ChangeContext context) {
        set(ChangeContext.CHANGED_BY, context.actor());
        set(ChangeContext.CORRELATION_ID, context.correlationId());
        return this;
    }

    /** Adds a condition (ANDed with the others), written with {@link #name} and {@link #value} placeholders. */
    public ItemUpdate condition(String clause) {
        conditions.add("(" + clause + ")");
        return this;
    }

    public String updateExpression() {
        StringBuilder expression = new StringBuilder();
        clause(expression, "SET", sets, ", ");
        clause(expression, "REMOVE", removes, ", ");
        clause(expression, "ADD", adds, ", ");
        clause(expression, "DELETE", deletes, ", ");
        return expression.toString().trim();
    }

    public UpdateItemRequest request(ReturnValue returnValue) {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(updateExpression())
                .expressionAttributeNames(names)
                .returnValues(returnValue)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (!conditions.isEmpty()) {
            request.conditionExpression(String.join(" AND ", conditions));
        }
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        return request.build();
    }

    /** The same update as one item of a transaction. */
    public Update transactionItem() {
        Update.Builder update = Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression(updateExpression())
                .expressionAttributeNames(names)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (!conditions.isEmpty()) {
            update.conditionExpression(String.join(" AND ", conditions));
        }
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        return update.build();
    }

    private static void clause(StringBuilder expression, String keyword, List<String> parts, String separator) {
        if (!parts.isEmpty()) {
            expression.append(keyword).append(' ').append(String.join(separator, parts)).append(' ');
        }
    }
}
