package dev.userbase.dynamodb.partiql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.partiql.Ast.Expr;

/**
 * A recursive-descent parser of the statements DynamoDB runs:
 *
 * <pre>
 * SELECT (* | path, …) FROM table[.index] [WHERE condition] [ORDER BY path [ASC|DESC], …]
 * INSERT INTO table VALUE {'name': value, …}
 * UPDATE table (SET path = value, … | REMOVE path, …)… WHERE condition [RETURNING (ALL|MODIFIED) (OLD|NEW) *]
 * FROM table WHERE condition (SET … | REMOVE …)… [RETURNING …]
 * DELETE FROM table WHERE condition [RETURNING ALL OLD *]
 * EXISTS(SELECT …)                                  (ExecuteTransaction only)
 * </pre>
 *
 * Conditions take OR, AND, NOT, parentheses, the comparisons, [NOT] BETWEEN, [NOT] IN, IS [NOT]
 * MISSING / NULL / type and function calls; values are literals ('s', numbers, TRUE, FALSE, NULL,
 * {maps}, [lists], &lt;&lt;sets&gt;&gt;), {@code ?} parameters (bound here, in order) and paths
 * ({@code a.b[0]}, names bare or double-quoted). The messages of refusals are DynamoDB's.
 */
final class Parser {

    /** PartiQL's type names as {@code IS} takes them, and the DynamoDB types each one matches. */
    private static final Map<String, List<String>> TYPES = Map.ofEntries(
            Map.entry("BOOL", List.of("BOOL")), Map.entry("BOOLEAN", List.of("BOOL")),
            Map.entry("SMALLINT", List.of("N")), Map.entry("INT2", List.of("N")), Map.entry("INTEGER2", List.of("N")),
            Map.entry("INT", List.of("N")), Map.entry("INTEGER", List.of("N")), Map.entry("INT4", List.of("N")),
            Map.entry("INTEGER4", List.of("N")), Map.entry("INT8", List.of("N")), Map.entry("INTEGER8", List.of("N")),
            Map.entry("BIGINT", List.of("N")), Map.entry("FLOAT", List.of("N")), Map.entry("REAL", List.of("N")),
            Map.entry("DOUBLE PRECISION", List.of("N")), Map.entry("DECIMAL", List.of("N")), Map.entry("DEC", List.of("N")),
            Map.entry("NUMERIC", List.of("N")), Map.entry("CHAR", List.of("S")), Map.entry("CHARACTER", List.of("S")),
            Map.entry("VARCHAR", List.of("S")), Map.entry("CHARACTER VARYING", List.of("S")), Map.entry("STRING", List.of("S")),
            Map.entry("BLOB", List.of("B")), Map.entry("LIST", List.of("L")), Map.entry("STRUCT", List.of("M")),
            Map.entry("TUPLE", List.of("M")), Map.entry("BAG", List.of("SS", "NS", "BS")), Map.entry("SYMBOL", List.of()),
            Map.entry("CLOB", List.of()), Map.entry("SEXP", List.of()), Map.entry("TIMESTAMP", List.of()));

    private final List<Token> tokens;
    private final List<Value> parameters;
    private int at;
    private int nextParameter;

    private Parser(List<Token> tokens, List<Value> parameters) {
        this.tokens = tokens;
        this.parameters = parameters;
    }

    /**
     * Parses one statement, binding its {@code ?} to {@code parameters} in order (more parameters
     * than {@code ?} are accepted, as DynamoDB accepts them).
     */
    static Ast.Statement parse(String statement, List<Value> parameters) {
        Parser parser = new Parser(Lexer.tokens(statement), parameters);
        Ast.Statement parsed = parser.statement();
        parser.end();
        return parsed;
    }

    /** Parses a condition alone (for tests of the translation). */
    static Expr condition(String text, List<Value> parameters) {
        Parser parser = new Parser(Lexer.tokens(text), parameters);
        Expr e = parser.orExpression();
        parser.end();
        return e;
    }

    // ---- statements

    private Ast.Statement statement() {
        Token first = peek();
        if (first.isWord("SELECT")) {
            return select();
        }
        if (first.isWord("INSERT")) {
            return insert();
        }
        if (first.isWord("UPDATE")) {
            return update();
        }
        if (first.isWord("DELETE")) {
            return delete();
        }
        if (first.isWord("FROM")) {
            return fromFirstUpdate();
        }
        if (first.isWord("EXISTS")) {
            next();
            expect("(");
            if (!peek().isWord("SELECT")) {
                throw Errors.malformed("Expected SELECT in EXISTS");
            }
            Ast.Select select = select();
            expect(")");
            return new Ast.Exists(select);
        }
        if (first.kind() == Token.Kind.END || first.is(";")) {
            throw Errors.malformed("Unexpected term");
        }
        throw Errors.malformed("Expected data manipulation");
    }

    private void end() {
        if (peek().is(";")) {
            next();
        }
        if (peek().kind() != Token.Kind.END) {
            throw Errors.leftover();
        }
    }

    private Ast.Select select() {
        next(); // SELECT
        List<Ast.PathRef> projection = new ArrayList<>();
        if (peek().is("*")) {
            next();
            if (peek().is(",")) {
                throw Errors.validation("Other attributes should not be present in the projection when '*' is used.");
            }
        } else {
            do {
                if (peek().is("*")) {
                    throw Errors.validation("Other attributes should not be present in the projection when '*' is used.");
                }
                projection.add(projectedPath());
            } while (accept(","));
        }
        if (!peek().isWord("FROM")) {
            throw peek().kind() == Token.Kind.END ? Errors.malformed("Unexpected term") : Errors.leftover();
        }
        next();
        Token table = peek();
        if (!isName(table)) {
            throw Errors.malformed("Unexpected term");
        }
        next();
        String index = null;
        if (accept(".")) {
            Token indexToken = next();
            if (!isName(indexToken)) {
                throw Errors.malformed("Expected identifier for simple path");
            }
            index = indexToken.text();
        }
        refuseAlias();
        Expr where = where();
        List<Ast.Order> order = new ArrayList<>();
        if (peek().isWord("ORDER")) {
            next();
            if (!peek().isWord("BY")) {
                throw Errors.leftover();
            }
            next();
            do {
                Ast.PathRef path = path();
                boolean descending = false;
                if (peek().isWord("DESC")) {
                    next();
                    descending = true;
                } else if (peek().isWord("ASC")) {
                    next();
                }
                order.add(new Ast.Order(path, descending));
            } while (accept(","));
        }
        if (peek().isWord("LIMIT") || peek().isWord("OFFSET")) {
            throw Errors.validation("Unsupported clause: " + peek().text().toUpperCase(Locale.ROOT));
        }
        return new Ast.Select(projection, table.text(), index, where, order);
    }

    /** A projected path; a function there is refused as DynamoDB refuses it. */
    private Ast.PathRef projectedPath() {
        Token t = peek();
        if ((t.kind() == Token.Kind.IDENTIFIER) && peek(1).is("(")) {
            throw Errors.validation("Unexpected path component at " + t.position());
        }
        if (!isName(t)) {
            throw unexpected(t);
        }
        return path();
    }

    private Ast.Insert insert() {
        next(); // INSERT
        if (!peek().isWord("INTO")) {
            throw Errors.leftover();
        }
        next();
        String table = tableName();
        if (!peek().isWord("VALUE")) {
            throw peek().kind() == Token.Kind.END ? Errors.malformed("Unexpected term") : Errors.leftover();
        }
        next();
        Expr value = primary();
        return new Ast.Insert(table, value);
    }

    private Ast.Update update() {
        next(); // UPDATE
        String table = tableName();
        refuseAlias();
        List<Ast.Action> actions = actions();
        if (actions.isEmpty()) {
            throw peek().kind() == Token.Kind.END ? Errors.malformed("Unexpected term") : Errors.leftover();
        }
        Expr where = writeWhere();
        return new Ast.Update(table, actions, where, returning());
    }

    /** {@code FROM table [WHERE condition] (SET … | REMOVE …)…}: PartiQL's other way to write an UPDATE. */
    private Ast.Update fromFirstUpdate() {
        next(); // FROM
        String table = tableName();
        refuseAlias();
        Expr where = where();
        List<Ast.Action> actions = actions();
        if (actions.isEmpty()) {
            throw peek().kind() == Token.Kind.END ? Errors.malformed("Unexpected term") : Errors.leftover();
        }
        Ast.Returning returning = returning();
        if (where == null) {
            // refused only once the statement parsed in full, as DynamoDB does
            end();
            throw Errors.validation(Errors.MANDATORY_KEY);
        }
        return new Ast.Update(table, actions, where, returning);
    }

    private List<Ast.Action> actions() {
        List<Ast.Action> actions = new ArrayList<>();
        while (true) {
            if (peek().isWord("SET")) {
                next();
                do {
                    Ast.PathRef path = path();
                    expect("=");
                    actions.add(new Ast.SetAction(path, additive()));
                } while (accept(","));
            } else if (peek().isWord("REMOVE")) {
                next();
                do {
                    actions.add(new Ast.RemoveAction(path()));
                } while (accept(","));
            } else {
                return actions;
            }
        }
    }

    private Ast.Delete delete() {
        next(); // DELETE
        if (!peek().isWord("FROM")) {
            throw Errors.malformed("Expected FROM after DELETE");
        }
        next();
        String table = tableName();
        refuseAlias();
        Expr where = writeWhere();
        return new Ast.Delete(table, where, returning());
    }

    /** A WHERE clause, or null. */
    private Expr where() {
        if (!peek().isWord("WHERE")) {
            return null;
        }
        next();
        return orExpression();
    }

    /** The WHERE clause of an UPDATE or DELETE, or null; a statement that ends without one is refused. */
    private Expr writeWhere() {
        if (peek().kind() == Token.Kind.END || peek().is(";")) {
            throw Errors.validation(Errors.MANDATORY_KEY);
        }
        return where();
    }

    private Ast.Returning returning() {
        if (!peek().isWord("RETURNING")) {
            return null;
        }
        next();
        Token which = next();
        Token side = next();
        boolean all = which.isWord("ALL");
        if (!(all || which.isWord("MODIFIED")) || !(side.isWord("OLD") || side.isWord("NEW"))) {
            throw Errors.malformed("Invalid returning clause");
        }
        expect("*");
        boolean old = side.isWord("OLD");
        return all ? (old ? Ast.Returning.ALL_OLD : Ast.Returning.ALL_NEW)
                : (old ? Ast.Returning.MODIFIED_OLD : Ast.Returning.MODIFIED_NEW);
    }

    /** A table name where DynamoDB reads it as a simple path (INSERT, UPDATE, DELETE, FROM). */
    private String tableName() {
        Token t = peek();
        if (!isName(t)) {
            throw Errors.malformed("Expected identifier for simple path");
        }
        next();
        if (peek().is(".")) {
            throw Errors.validation("Index is not supported in this statement");
        }
        return t.text();
    }

    private void refuseAlias() {
        Token t = peek();
        if (t.isWord("AS") || (t.kind() == Token.Kind.IDENTIFIER && !t.isKeyword()) || t.kind() == Token.Kind.QUOTED) {
            throw Errors.validation("Aliasing is not supported");
        }
    }

    // ---- conditions and values

    Expr orExpression() {
        return leftAssociative(this::andExpression, t -> t.isWord("OR"), (l, r, op) -> new Ast.Or(l, r, op));
    }

    private Expr andExpression() {
        return leftAssociative(this::notExpression, t -> t.isWord("AND"), (l, r, op) -> new Ast.And(l, r, op));
    }

    private interface Infix {
        Expr combine(Expr left, Expr right, Token operator);
    }

    /** {@code operand (operator operand)*}, grouped from the left. */
    private Expr leftAssociative(Supplier<Expr> operand, Predicate<Token> isOperator, Infix infix) {
        Expr left = operand.get();
        while (isOperator.test(peek())) {
            Token op = next();
            requireRightHandSide();
            left = infix.combine(left, operand.get(), op);
        }
        return left;
    }

    private Expr notExpression() {
        if (peek().isWord("NOT")) {
            Token not = next();
            return new Ast.Not(notExpression(), not);
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = additive();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(t.text())) {
            next();
            requireRightHandSide();
            String op = t.text().equals("!=") ? "<>" : t.text();
            return new Ast.Compare(op, left, additive(), t);
        }
        boolean negated = false;
        if (t.isWord("NOT") && (peek(1).isWord("BETWEEN") || peek(1).isWord("IN") || peek(1).isWord("LIKE"))) {
            next();
            negated = true;
            t = peek();
        }
        if (t.isWord("BETWEEN")) {
            next();
            requireRightHandSide();
            Expr low = additive();
            if (!peek().isWord("AND")) {
                throw Errors.malformed("Expected AND in BETWEEN");
            }
            next();
            requireRightHandSide();
            return new Ast.Between(left, low, additive(), negated, t);
        }
        if (t.isWord("IN")) {
            next();
            requireRightHandSide();
            return new Ast.In(left, inList(), negated, t);
        }
        if (t.isWord("LIKE")) {
            throw Errors.validation("Unsupported operation: LIKE");
        }
        if (t.isWord("IS")) {
            next();
            boolean not = false;
            if (peek().isWord("NOT")) {
                next();
                not = true;
            }
            Token type = next();
            if (type.isWord("MISSING")) {
                return new Ast.Is(left, Ast.IsKind.MISSING, List.of(), not, t);
            }
            if (type.isWord("NULL")) {
                return new Ast.Is(left, Ast.IsKind.NULL, List.of(), not, t);
            }
            String name = type.kind() == Token.Kind.IDENTIFIER ? type.text().toUpperCase(Locale.ROOT) : "";
            if ((name.equals("DOUBLE") && peek().isWord("PRECISION")) || (name.equals("CHARACTER") && peek().isWord("VARYING"))) {
                name = name + " " + next().text().toUpperCase(Locale.ROOT);
            }
            List<String> types = TYPES.get(name);
            if (types == null) {
                throw Errors.malformed("Expected type name");
            }
            return new Ast.Is(left, Ast.IsKind.TYPE, types, not, t);
        }
        return left;
    }

    private List<Expr> inList() {
        Token t = peek();
        if (t.kind() == Token.Kind.PARAMETER) {
            Value v = parameter(next());
            if (!(v instanceof Value.L list)) {
                throw Errors.validation("The right operand of IN must be a list");
            }
            List<Expr> items = new ArrayList<>();
            for (Value item : list.values()) {
                items.add(new Ast.Literal(item, t));
            }
            return items;
        }
        String close = t.is("[") ? "]" : t.is("(") ? ")" : null;
        if (close == null) {
            throw unexpected(t);
        }
        next();
        return items(close);
    }

    private Expr additive() {
        return leftAssociative(this::multiplicative, t -> t.is("+") || t.is("-") || t.is("||"), Parser::arithmetic);
    }

    private Expr multiplicative() {
        return leftAssociative(this::unary, t -> t.is("*") || t.is("/") || t.is("%"), Parser::arithmetic);
    }

    private static Expr arithmetic(Expr left, Expr right, Token op) {
        return new Ast.Arithmetic(op.text(), left, right, op);
    }

    private Expr unary() {
        Token t = peek();
        if ((t.is("-") || t.is("+")) && peek(1).kind() == Token.Kind.NUMBER) {
            next();
            Token number = next();
            BigDecimal n = number(number);
            return new Ast.Num(t.is("-") ? n.negate() : n, t);
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING:
                next();
                return new Ast.Literal(new Value.S(t.text()), t);
            case NUMBER:
                next();
                return new Ast.Num(number(t), t);
            case PARAMETER:
                next();
                return new Ast.Literal(parameter(t), t);
            case QUOTED:
                return path();
            case IDENTIFIER:
                if (peek(1).is("(")) {
                    return call();
                }
                if (t.isWord("TRUE") || t.isWord("FALSE")) {
                    next();
                    return new Ast.Literal(t.isWord("TRUE") ? Value.Bool.TRUE : Value.Bool.FALSE, t);
                }
                if (t.isWord("NULL")) {
                    next();
                    return new Ast.Literal(Value.Null.INSTANCE, t);
                }
                if (t.isKeyword()) {
                    throw unexpected(t);
                }
                return path();
            case SYMBOL:
                if (t.is("(")) {
                    next();
                    Expr inner = orExpression();
                    expect(")");
                    return inner;
                }
                if (t.is("{")) {
                    return mapLiteral();
                }
                if (t.is("[")) {
                    next();
                    List<Expr> items = items("]");
                    return new Ast.ListLiteral(items, t);
                }
                if (t.is("<<")) {
                    next();
                    List<Expr> items = items(">>");
                    return new Ast.BagLiteral(items, t);
                }
                throw unexpected(t);
            default:
                throw unexpected(t);
        }
    }

    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        if (!peek().is(close)) {
            do {
                items.add(additive());
            } while (accept(","));
        }
        expect(close);
        return items;
    }

    private Expr mapLiteral() {
        Token open = next();
        List<Ast.Entry> entries = new ArrayList<>();
        if (!peek().is("}")) {
            do {
                Expr key = additive();
                expect(":");
                entries.add(new Ast.Entry(key, additive()));
            } while (accept(","));
        }
        expect("}");
        return new Ast.MapLiteral(entries, open);
    }

    private Expr call() {
        Token name = next();
        next(); // (
        List<Expr> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                args.add(orExpression());
            } while (accept(","));
        }
        expect(")");
        return new Ast.Call(name.text().toLowerCase(Locale.ROOT), args, name);
    }

    private Ast.PathRef path() {
        Token first = next();
        if (!isName(first)) {
            throw unexpected(first);
        }
        List<Object> elements = new ArrayList<>();
        elements.add(first.text());
        while (true) {
            if (peek().is(".")) {
                next();
                Token part = next();
                if (!isName(part)) {
                    throw Errors.malformed("Invalid path dot component");
                }
                elements.add(part.text());
            } else if (peek().is("[")) {
                next();
                Token index = next();
                if (index.kind() == Token.Kind.NUMBER && index.text().chars().allMatch(Character::isDigit)) {
                    try {
                        elements.add(Integer.parseInt(index.text()));
                    } catch (NumberFormatException e) {
                        throw Errors.malformed("Invalid path index");
                    }
                } else if (index.kind() == Token.Kind.STRING) {
                    elements.add(index.text());
                } else {
                    throw Errors.malformed("Invalid path component");
                }
                expect("]");
            } else {
                return new Ast.PathRef(elements, first);
            }
        }
    }

    // ---- tokens

    /** A name: double-quoted, or bare and not a reserved word. */
    private static boolean isName(Token t) {
        return t.kind() == Token.Kind.QUOTED || (t.kind() == Token.Kind.IDENTIFIER && !t.isKeyword());
    }

    private static BigDecimal number(Token t) {
        try {
            return new BigDecimal(t.text());
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent (or the scale it leaves) beyond a 32-bit integer: DynamoDB says nothing more
            throw Errors.malformed();
        }
    }

    private Value parameter(Token t) {
        if (nextParameter >= parameters.size()) {
            throw Errors.validation(Errors.PARAMETER_COUNT);
        }
        return parameters.get(nextParameter++);
    }

    /** Where a term should start: what DynamoDB says depends on what is there instead. */
    private static DynamoDbException unexpected(Token t) {
        if (t.kind() == Token.Kind.END || t.is(";") || t.is(")") || t.is("]") || t.is("}") || t.is(",")) {
            return Errors.malformed("Unexpected term");
        }
        if (t.kind() == Token.Kind.IDENTIFIER) {
            return Errors.malformed(Keywords.isOperator(t.text()) ? "Unexpected operator" : "Unexpected keyword");
        }
        return Errors.malformed("Unexpected operator");
    }

    private void requireRightHandSide() {
        Token t = peek();
        if (t.kind() == Token.Kind.END || t.is(";")) {
            throw Errors.malformed("Missing right-hand side expression of infix operator");
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (at < tokens.size() - 1) {
            at++;
        }
        return t;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        Token t = peek();
        if (!t.is(symbol)) {
            throw t.kind() == Token.Kind.END ? Errors.malformed("Unexpected term") : Errors.leftover();
        }
        next();
    }
}
