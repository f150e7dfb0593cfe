package dev.userbase.core.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB update expression (SET, REMOVE, ADD and DELETE clauses) built from attribute names and
 * values. Each attribute may be named in one clause only (DynamoDB refuses overlapping paths), which
 * this builder checks when the clause is added rather than when the request fails.
 */
public final class UpdateExpression {

    private final List<Function<Placeholders, String>> sets = new ArrayList<>();
    private final List<Function<Placeholders, String>> removes = new ArrayList<>();
    private final List<Function<Placeholders, String>> adds = new ArrayList<>();
    private final List<Function<Placeholders, String>> deletes = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();

    private UpdateExpression() {
    }

    public static UpdateExpression create() {
        return new UpdateExpression();
    }

    public UpdateExpression set(String attribute, AttributeValue value) {
        touch(attribute);
        sets.add(p -> p.path(attribute) + " = " + p.value(value));
        return this;
    }

    public UpdateExpression set(String attribute, String value) {
        return set(attribute, Attributes.s(value));
    }

    public UpdateExpression set(String attribute, long value) {
        return set(attribute, Attributes.n(value));
    }

    public UpdateExpression set(String attribute, boolean value) {
        return set(attribute, Attributes.bool(value));
    }

    public UpdateExpression set(String attribute, Enum<?> value) {
        return set(attribute, value.name());
    }

    /** An instant as the item types store times: ISO-8601 text. */
    public UpdateExpression set(String attribute, Instant value) {
        return set(attribute, Attributes.time(value));
    }

    /** An instant as a TTL attribute: epoch seconds. */
    public UpdateExpression setEpochSeconds(String attribute, Instant value) {
        return set(attribute, Attributes.epochSeconds(value));
    }

    /** Sets the attribute when {@code value} is present, removes it when {@code value} is null. */
    public UpdateExpression setOrRemove(String attribute, AttributeValue value) {
        return value == null ? remove(attribute) : set(attribute, value);
    }

    /** Sets the attribute only if the item does not have it yet. */
    public UpdateExpression setIfAbsent(String attribute, AttributeValue value) {
        touch(attribute);
        sets.add(p -> {
            String path = p.path(attribute);
            return path + " = if_not_exists(" + path + ", " + p.value(value) + ")";
        });
        return this;
    }

    /** Adds {@code delta} (may be negative) to a number attribute, starting from zero when absent. */
    public UpdateExpression increment(String attribute, long delta) {
        touch(attribute);
        sets.add(p -> {
            String path = p.path(attribute);
            return path + " = if_not_exists(" + path + ", " + p.value(Attributes.n(0)) + ") + " + p.value(Attributes.n(delta));
        });
        return this;
    }

    /** DynamoDB's ADD: a number is added to (an absent one counts as 0), a set's elements joined. */
    public UpdateExpression add(String attribute, AttributeValue numberOrSet) {
        touch(attribute);
        adds.add(p -> p.path(attribute) + " " + p.value(numberOrSet));
        return this;
    }

    public UpdateExpression add(String attribute, long number) {
        return add(attribute, Attributes.n(number));
    }

    /** DynamoDB's DELETE: removes the elements of {@code set} from a set attribute. */
    public UpdateExpression delete(String attribute, AttributeValue set) {
        touch(attribute);
        deletes.add(p -> p.path(attribute) + " " + p.value(set));
        return this;
    }

    public UpdateExpression remove(String attribute) {
        touch(attribute);
        removes.add(p -> p.path(attribute));
        return this;
    }

    /** Sets {@code changedBy} and {@code correlationId}: every write names who made it. */
    public UpdateExpression stamp(ChangeContext context) {
        set(ChangeContext.CHANGED_BY, context.actor());
        return set(ChangeContext.CORRELATION_ID, context.correlationId());
    }

    public boolean isEmpty() {
        return touched.isEmpty();
    }

    /** The attributes this update writes or removes, in the order they were added. */
    public Set<String> attributes() {
        return Set.copyOf(touched);
    }

    String render(Placeholders placeholders) {
        if (isEmpty()) {
            throw new IllegalStateException("an update expression needs at least one clause");
        }
        StringBuilder expression = new StringBuilder();
        clause(expression, "SET", sets, placeholders);
        clause(expression, "REMOVE", removes, placeholders);
        clause(expression, "ADD", adds, placeholders);
        clause(expression, "DELETE", deletes, placeholders);
        return expression.toString();
    }

    private void touch(String attribute) {
        if (!touched.add(attribute)) {
            throw new IllegalArgumentException("attribute " + attribute + " is already in this update");
        }
    }

    private static void clause(StringBuilder expression, String keyword, List<Function<Placeholders, String>> parts,
            Placeholders placeholders) {
        if (parts.isEmpty()) {
            return;
        }
        if (expression.length() > 0) {
            expression.append(' ');
        }
        expression.append(keyword).append(' ');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                expression.append(", ");
            }
            expression.append(parts.get(i).apply(placeholders));
        }
    }
}
