package dev.userbase.dynamodb.model;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.userbase.dynamodb.DynamoDbException;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, negative as well, and zero. Values are kept
 * normalised (no trailing zeros, no negative zero) so that equal numbers are equal objects and
 * print the way DynamoDB prints them: in plain decimal notation.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 38;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");
    static final MathContext CONTEXT = new MathContext(MAX_DIGITS + 1);

    private Numbers() {
    }

    /** Parses a number as a client sends it, with DynamoDB's validation. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation("A value provided cannot be converted into a number");
        }
        return check(value);
    }

    /** Normalises a computed value and checks it against DynamoDB's limits. */
    public static BigDecimal check(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal normalised = value.stripTrailingZeros();
        if (normalised.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = normalised.abs();
        if (magnitude.compareTo(MAX) > 0) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN_POSITIVE) < 0) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return normalised;
    }

    /** Sum or difference as DynamoDB computes it in an update: exact, then checked. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal exact = a.add(b);
        if (exact.signum() != 0 && exact.stripTrailingZeros().precision() > MAX_DIGITS) {
            throw DynamoDbException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        return check(exact);
    }

    public static String format(BigDecimal value) {
        return value.toPlainString();
    }

    /**
     * Storage size of a number by the Developer Guide's rule ("DynamoDB item sizes and formats"): one
     * byte per two significant digits, leading and trailing zeros trimmed, plus one byte.
     */
    public static int size(BigDecimal value) {
        if (value.signum() == 0) {
            return 1;
        }
        int digits = value.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }
}
