package dev.userbase.dynamodb.partiql;

import java.math.BigDecimal;
import java.util.List;

import dev.userbase.dynamodb.model.Value;

/** The parsed form of the PartiQL subset DynamoDB runs. */
final class Ast {

    private Ast() {
    }

    // ---- expressions

    sealed interface Expr permits Literal, Num, MapLiteral, ListLiteral, BagLiteral, PathRef, Call, Compare, Arithmetic,
            And, Or, Not, Between, In, Is {
        /** The token the expression starts at, for positions in messages. */
        Token at();
    }

    /** A string, TRUE, FALSE, NULL or a {@code ?} parameter: a value already known. */
    record Literal(Value value, Token at) implements Expr {
    }

    /** A number literal; checked against DynamoDB's number limits when it becomes a value. */
    record Num(BigDecimal value, Token at) implements Expr {
    }

    record Entry(Expr key, Expr value) {
    }

    /** {@code {'k': v, …}} */
    record MapLiteral(List<Entry> entries, Token at) implements Expr {
    }

    /** {@code [v, …]} */
    record ListLiteral(List<Expr> items, Token at) implements Expr {
    }

    /** {@code <<v, …>>}: a set. */
    record BagLiteral(List<Expr> items, Token at) implements Expr {
    }

    /** A document path: attribute names ({@link String}) and list indexes ({@link Integer}). */
    record PathRef(List<Object> elements, Token at) implements Expr {
        PathRef {
            elements = List.copyOf(elements);
        }

        String top() {
            return (String) elements.get(0);
        }

        boolean isTopLevel(String name) {
            return elements.size() == 1 && elements.get(0).equals(name);
        }

        /** The name an item of a SELECT gives this path: its last name with the indexes after it. */
        String outputName() {
            int last = 0;
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i) instanceof String) {
                    last = i;
                }
            }
            StringBuilder name = new StringBuilder((String) elements.get(last));
            for (int i = last + 1; i < elements.size(); i++) {
                name.append('[').append(elements.get(i)).append(']');
            }
            return name.toString();
        }
    }

    /** A function call; {@code name} in lower case (PartiQL's function names are case-insensitive). */
    record Call(String name, List<Expr> args, Token at) implements Expr {
    }

    /** {@code = <> < <= > >=} ({@code !=} is read as {@code <>}). */
    record Compare(String op, Expr left, Expr right, Token at) implements Expr {
    }

    /** {@code + - * / % ||} */
    record Arithmetic(String op, Expr left, Expr right, Token at) implements Expr {
    }

    record And(Expr left, Expr right, Token at) implements Expr {
    }

    record Or(Expr left, Expr right, Token at) implements Expr {
    }

    record Not(Expr operand, Token at) implements Expr {
    }

    record Between(Expr operand, Expr low, Expr high, boolean negated, Token at) implements Expr {
    }

    record In(Expr operand, List<Expr> items, boolean negated, Token at) implements Expr {
    }

    enum IsKind { MISSING, NULL, TYPE }

    /**
     * {@code x IS [NOT] MISSING | NULL | <type>}; for a type, the DynamoDB types it names (none for a
     * PartiQL type DynamoDB has no values of, such as TIMESTAMP).
     */
    record Is(Expr operand, IsKind kind, List<String> types, boolean negated, Token at) implements Expr {
    }

    // ---- statements

    sealed interface Statement permits Select, Insert, Update, Delete, Exists {
        String table();
    }

    record Order(PathRef path, boolean descending) {
    }

    /** {@code projection} is empty for {@code *}; {@code index} and {@code where} may be null. */
    record Select(List<PathRef> projection, String table, String index, Expr where, List<Order> orderBy)
            implements Statement {
    }

    record Insert(String table, Expr value) implements Statement {
    }

    sealed interface Action permits SetAction, RemoveAction {
        PathRef path();
    }

    record SetAction(PathRef path, Expr value) implements Action {
    }

    record RemoveAction(PathRef path) implements Action {
    }

    enum Returning {
        ALL_OLD("ALL OLD *", "ALL_OLD"),
        MODIFIED_OLD("MODIFIED OLD *", "UPDATED_OLD"),
        ALL_NEW("ALL NEW *", "ALL_NEW"),
        MODIFIED_NEW("MODIFIED NEW *", "UPDATED_NEW");

        final String text;
        /** The ReturnValues of UpdateItem or DeleteItem it stands for. */
        final String returnValues;

        Returning(String text, String returnValues) {
            this.text = text;
            this.returnValues = returnValues;
        }
    }

    /** {@code returning} may be null. */
    record Update(String table, List<Action> actions, Expr where, Returning returning) implements Statement {
    }

    record Delete(String table, Expr where, Returning returning) implements Statement {
    }

    /** {@code EXISTS(SELECT …)}: a condition check, only in ExecuteTransaction. */
    record Exists(Select select) implements Statement {
        public String table() {
            return select.table();
        }
    }
}
