package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.userbase.dynamodb.DynamoDbException;

/**
 * The service's own parameter checks (Coral's), collected and reported together as DynamoDB does:
 * {@code 2 validation errors detected: Value … at 'tableName' failed to satisfy constraint: …; Value …}.
 */
final class Constraints {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final List<String> errors = new ArrayList<>();

    static Constraints check() {
        return new Constraints();
    }

    Constraints notNull(Object value, String member) {
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

    Constraints min(Long value, long min, String member) {
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

    Constraints oneOf(String value, String member, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            errors.add(at(value, member) + "Member must satisfy enum value set: " + allowed);
        }
        return this;
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

    Constraints add(String error) {
        errors.add(error);
        return this;
    }

    private static String at(String value, String member) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw DynamoDbException.validationErrors(errors);
        }
    }
}
