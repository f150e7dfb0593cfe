package dev.userbase.dynamodb.partiql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.partiql.Ast.Expr;

/**
 * PartiQL literals as attribute values. A number that breaks DynamoDB's limits is refused with the
 * number message and where it sits in the literal ({@code under root}, {@code under root.x},
 * {@code under root[1]}), as DynamoDB refuses it.
 */
final class Literals {

    private Literals() {
    }

    /** Whether {@code e} is a value rather than a path or a computation. */
    static boolean isValue(Expr e) {
        return e instanceof Ast.Literal || e instanceof Ast.Num || e instanceof Ast.MapLiteral
                || e instanceof Ast.ListLiteral || e instanceof Ast.BagLiteral;
    }

    static Value value(Expr e) {
        return value(e, "root");
    }

    static Value value(Expr e, String where) {
        if (e instanceof Ast.Literal l) {
            return l.value();
        }
        if (e instanceof Ast.Num n) {
            return number(n.value(), where);
        }
        if (e instanceof Ast.MapLiteral m) {
            Map<String, Value> values = new LinkedHashMap<>();
            for (Ast.Entry entry : m.entries()) {
                String key = key(entry.key());
                values.put(key, value(entry.value(), where + "." + key));
            }
            return new Value.M(values);
        }
        if (e instanceof Ast.ListLiteral l) {
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                values.add(value(l.items().get(i), where + "[" + i + "]"));
            }
            return new Value.L(values);
        }
        if (e instanceof Ast.BagLiteral b) {
            return bag(b, where);
        }
        if (e instanceof Ast.Call c) {
            throw Errors.validation("Unsupported data type: " + c.name() + " under key " + where + " at " + c.at().position());
        }
        throw Errors.validation("Unsupported data type: a path or an expression under key " + where + " at "
                + e.at().position());
    }

    /** The attribute values of an INSERT's {@code VALUE}: a tuple, each value converted on its own. */
    static Map<String, Value> item(Expr e) {
        if (e instanceof Ast.Literal l && l.value() instanceof Value.M m) {
            return new LinkedHashMap<>(m.values());
        }
        if (!(e instanceof Ast.MapLiteral m)) {
            throw Errors.malformed("Expected a tuple in VALUE");
        }
        Map<String, Value> item = new LinkedHashMap<>();
        for (Ast.Entry entry : m.entries()) {
            item.put(key(entry.key()), value(entry.value(), "root"));
        }
        return item;
    }

    private static String key(Expr key) {
        if (key instanceof Ast.Literal l && l.value() instanceof Value.S s) {
            return s.value();
        }
        throw Errors.validation("Attribute names in a tuple must be string literals");
    }

    private static Value.N number(BigDecimal n, String where) {
        try {
            return new Value.N(Numbers.check(n));
        } catch (DynamoDbException e) {
            throw Errors.validation(e.getMessage() + " under " + where);
        }
    }

    private static Value bag(Ast.BagLiteral b, String where) {
        if (b.items().isEmpty()) {
            throw Errors.validation("Empty bags are not supported");
        }
        List<Value> members = new ArrayList<>();
        for (Expr item : b.items()) {
            if (item instanceof Ast.Literal l && !(l.value() instanceof Value.S)) {
                throw Errors.validation("Unsupported data type in Bag");
            }
            if (!(item instanceof Ast.Literal || item instanceof Ast.Num)) {
                throw Errors.validation("Unsupported data type in Bag");
            }
            members.add(value(item, where));
        }
        String type = members.get(0).type();
        for (Value v : members) {
            if (!v.type().equals(type)) {
                throw Errors.validation("DynamoDB only supports either numbers or strings in bags");
            }
        }
        List<Object> raw = new ArrayList<>();
        for (Value v : members) {
            raw.add(v instanceof Value.S s ? s.value() : ((Value.N) v).text());
        }
        if (new LinkedHashSet<>(raw).size() != raw.size()) {
            throw DynamoDbException.invalidParameter("Input collection " + raw + " contains duplicates.");
        }
        if (type.equals("S")) {
            Set<String> strings = new LinkedHashSet<>();
            members.forEach(v -> strings.add(((Value.S) v).value()));
            return new Value.SS(strings);
        }
        Set<BigDecimal> numbers = new LinkedHashSet<>();
        members.forEach(v -> numbers.add(((Value.N) v).value()));
        return new Value.NS(numbers);
    }

    /** A string, number or binary set (a bag literal holds strings or numbers; a parameter can hold binary). */
    static boolean isSet(Value v) {
        return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
    }
}
