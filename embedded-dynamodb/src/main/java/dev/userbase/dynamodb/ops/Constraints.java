package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.dynamodb.DynamoDbException;

/**
 * The service's own parameter checks (Coral's), collected and reported together as DynamoDB does:
 * {@code 2 validation errors detected: Value … at 'tableName' failed to satisfy constraint: …; Value …}.
 * Public for the PartiQL operations, which check their members the same way; not part of the engine's API.
 */
public final class Constraints {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final List<String> errors = new ArrayList<>();

    public static Constraints check() {
        return new Constraints();
    }

    public Constraints notNull(Object value, String member) {
        if (value == null) {
            errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    /** A table or index name: 3 to 255 characters of [a-zA-Z0-9_.-]. */
    Constraints tableName(String value, String member, boolean required) {
        if (value == null) {
            if (required) {
                notNull(null, member);
            }
            return this;
        }
        if (value.length() < 3) {
            errors.add(at(value, member) + "Member must have length greater than or equal to " + (value.isEmpty() && member.equals("tableName") ? 1 : 3));
            if (value.isEmpty()) {
                return this;
            }
        }
        if (value.length() > 255) {
            errors.add(at(value, member) + "Member must have length less than or equal to 255");
        }
        if (!TABLE_NAME.matcher(value).matches()) {
            errors.add(at(value, member) + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return this;
    }

    public Constraints min(Long value, long min, String member) {
        if (value != null && value < min) {
            errors.add(at(Long.toString(value), member) + "Member must have value greater than or equal to " + min);
        }
        return this;
    }

    Constraints max(Long value, long max, String member) {
        if (value != null && value > max) {
            errors.add(at(Long.toString(value), member) + "Member must have value less than or equal to " + max);
        }
        return this;
    }

    /** A {@code Limit} member: 1 to {@code max}. */
    Constraints limit(Long value, long max) {
        return min(value, 1, "limit").max(value, max, "limit");
    }

    Constraints oneOf(String value, String member, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            errors.add(at(value, member) + "Member must satisfy enum value set: " + allowed);
        }
        return this;
    }

    /** The length of a string member, if it is present. */
    public Constraints length(String value, int min, int max, String member) {
        return value == null ? this : length(value, value.length(), min, max, member);
    }

    Constraints length(String rendered, int size, int min, int max, String member) {
        if (size < min) {
            errors.add(at(rendered, member) + "Member must have length greater than or equal to " + min);
        } else if (size > max) {
            errors.add(at(rendered, member) + "Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** A length error whose value DynamoDB does not print. */
    Constraints lengthAt(int size, int min, int max, String member) {
        if (size < min) {
            errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        } else if (size > max) {
            errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** The length of a list member, if it is present; DynamoDB prints a short one as {@code '[]'} and a long one not at all. */
    public Constraints size(JsonNode list, int min, int max, String member) {
        if (list == null) {
            return this;
        }
        return list.size() < min ? length("[]", list.size(), min, max, member) : lengthAt(list.size(), min, max, member);
    }

    public Constraints returnConsumedCapacity(String value) {
        return oneOf(value, "returnConsumedCapacity", Capacity.MODES);
    }

    public Constraints returnValuesOnConditionCheckFailure(String value) {
        return oneOf(value, "returnValuesOnConditionCheckFailure", ItemChecks.ON_CONDITION_FAILURE);
    }

    Constraints add(String error) {
        errors.add(error);
        return this;
    }

    private static String at(String value, String member) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw DynamoDbException.validationErrors(errors);
        }
    }
}
