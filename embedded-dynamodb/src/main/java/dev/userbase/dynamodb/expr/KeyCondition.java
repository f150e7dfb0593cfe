package dev.userbase.dynamodb.expr;

import java.util.Optional;

import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Value;

/** A Query's key condition: the partition key's value, and at most one condition on the sort key. */
public record KeyCondition(Value hashValue, Optional<RangeCondition> range) {

    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    /** A condition on the sort key; {@code upper} only for BETWEEN. */
    public record RangeCondition(Operator operator, Value value, Value upper) {

        public boolean test(Value sortKey) {
            if (sortKey == null || !sortKey.type().equals(value.type())) {
                return false;
            }
            int c = KeyOrder.compare(sortKey, value);
            return switch (operator) {
                case EQ -> c == 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case BETWEEN -> c >= 0 && KeyOrder.compare(sortKey, upper) <= 0;
                case BEGINS_WITH -> beginsWith(sortKey, value);
            };
        }

        private static boolean beginsWith(Value v, Value prefix) {
            if (v instanceof Value.S s && prefix instanceof Value.S p) {
                return s.value().startsWith(p.value());
            }
            if (v instanceof Value.B b && prefix instanceof Value.B p) {
                return b.value().startsWith(p.value());
            }
            return false;
        }
    }
}
