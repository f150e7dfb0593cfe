package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.expr.Ast.Cond;
import dev.userbase.dynamodb.expr.Ast.Operand;
import dev.userbase.dynamodb.expr.Token.Kind;

/**
 * A recursive-descent parser for DynamoDB's expression grammars. Syntax errors are thrown at once,
 * as {@code Invalid <Parameter>: Syntax error; token: "x", near: "w x y"}; the first semantic error
 * (an undefined name, a reserved word, a misused function, …) is kept and thrown only when the
 * whole expression has parsed, which is the order DynamoDB reports them in.
 *
 * <p>Precedence, from the Developer Guide: comparators, BETWEEN, IN and functions bind tightest,
 * then NOT, then AND, then OR; parentheses override.
 */
final class Parser {

    static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists", "attribute_type",
            "begins_with", "contains");
    static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final int MAX_IN_OPERANDS = 100;

    private final String source;
    private final List<Token> tokens;
    private final ExpressionContext context;
    private final String parameter;
    private int position;
    private DynamoDbException deferred;

    Parser(String source, ExpressionContext context, String parameter) {
        if (source == null || source.trim().isEmpty()) {
            throw DynamoDbException.validation("Invalid " + parameter + ": The expression can not be empty;");
        }
        this.source = source;
        this.tokens = Lexer.tokens(source);
        this.context = context;
        this.parameter = parameter;
    }

    // ------------------------------------------------------------------ entry points

    Cond condition() {
        Cond c = or();
        finish();
        return c;
    }

    List<Path> projection() {
        List<Path> paths = new ArrayList<>();
        paths.add(path());
        while (peek().kind() == Kind.COMMA) {
            next();
            paths.add(path());
        }
        finish();
        checkOverlaps(paths);
        throwDeferred();
        return paths;
    }

    Updates update() {
        List<Updates.Action> actions = new ArrayList<>();
        Set<String> sections = new HashSet<>();
        while (peek().kind() != Kind.EOF) {
            Token t = peek();
            String section = t.kind() == Kind.WORD ? t.text().toUpperCase(java.util.Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(section)) {
                throw syntax(t);
            }
            next();
            if (!sections.add(section)) {
                semantic("The \"" + section + "\" section can only be used once in an update expression;");
            }
            do {
                if (!actions.isEmpty() && peek().kind() == Kind.COMMA) {
                    next();
                }
                actions.add(action(section));
            } while (peek().kind() == Kind.COMMA);
        }
        finish();
        List<Path> paths = new ArrayList<>();
        actions.forEach(a -> paths.add(a.path()));
        checkOverlaps(paths);
        throwDeferred();
        return new Updates(actions);
    }

    /** A key condition: parsed as a condition, then held to what Query accepts. */
    KeyCondition keyCondition(KeyNames keys) {
        Cond c = condition();
        List<Cond> parts = new ArrayList<>();
        flattenAnd(c, parts);
        java.util.LinkedHashMap<String, KeyCondition.RangeCondition> byAttribute = new java.util.LinkedHashMap<>();
        for (Cond part : parts) {
            String attribute;
            KeyCondition.RangeCondition condition;
            if (part instanceof Ast.Compare cmp && cmp.left() instanceof Ast.PathOperand p && cmp.right() instanceof Ast.Literal l) {
                if (cmp.comparator() == Ast.Comparator.NE) {
                    throw DynamoDbException.validation("Invalid " + parameter + ": Invalid operator used in KeyConditionExpression: <>");
                }
                attribute = keyAttribute(p.path());
                condition = new KeyCondition.RangeCondition(KeyCondition.Operator.valueOf(cmp.comparator().name()), l.value(), null);
            } else if (part instanceof Ast.Compare cmp && cmp.right() instanceof Ast.PathOperand p && cmp.left() instanceof Ast.Literal l
                    && cmp.comparator() == Ast.Comparator.EQ) {
                attribute = keyAttribute(p.path());
                condition = new KeyCondition.RangeCondition(KeyCondition.Operator.EQ, l.value(), null);
            } else if (part instanceof Ast.Between b && b.operand() instanceof Ast.PathOperand p
                    && b.lower() instanceof Ast.Literal lo && b.upper() instanceof Ast.Literal hi) {
                attribute = keyAttribute(p.path());
                condition = new KeyCondition.RangeCondition(KeyCondition.Operator.BETWEEN, lo.value(), hi.value());
            } else if (part instanceof Ast.BeginsWith bw && bw.operand() instanceof Ast.PathOperand p && bw.prefix() instanceof Ast.Literal l) {
                attribute = keyAttribute(p.path());
                condition = new KeyCondition.RangeCondition(KeyCondition.Operator.BEGINS_WITH, l.value(), null);
            } else {
                throw DynamoDbException.validation("Invalid " + parameter + ": " + unsupportedKeyOperator(part));
            }
            if (byAttribute.containsKey(attribute) || parts.size() > 2) {
                throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
            }
            byAttribute.put(attribute, condition);
        }
        KeyCondition.RangeCondition hash = byAttribute.get(keys.hash());
        if (hash == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + keys.hash());
        }
        for (String attribute : byAttribute.keySet()) {
            if (!keys.hash().equals(attribute) && !java.util.Objects.equals(keys.range(), attribute)) {
                throw DynamoDbException.validation(keys.range() == null ? "Query key condition not supported"
                        : "Query condition missed key schema element: " + keys.range());
            }
        }
        if (hash.operator() != KeyCondition.Operator.EQ) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        return new KeyCondition(hash.value(), java.util.Optional.ofNullable(keys.range() == null ? null : byAttribute.get(keys.range())));
    }

    private static String keyAttribute(Path path) {
        return path.isTopLevel() ? path.topName() : null;
    }

    private static String unsupportedKeyOperator(Cond part) {
        String operator;
        if (part instanceof Ast.Or) {
            operator = "OR";
        } else if (part instanceof Ast.Not) {
            operator = "NOT";
        } else if (part instanceof Ast.In) {
            operator = "IN";
        } else if (part instanceof Ast.Contains) {
            operator = "contains";
        } else if (part instanceof Ast.Exists e) {
            operator = e.exists() ? "attribute_exists" : "attribute_not_exists";
        } else if (part instanceof Ast.AttributeType) {
            operator = "attribute_type";
        } else {
            return "Invalid condition in KeyConditionExpression: only a key attribute compared with a value is supported";
        }
        return "Invalid operator used in KeyConditionExpression: " + operator;
    }

    private static void flattenAnd(Cond c, List<Cond> parts) {
        if (c instanceof Ast.And and) {
            flattenAnd(and.left(), parts);
            flattenAnd(and.right(), parts);
        } else {
            parts.add(c);
        }
    }

    // ------------------------------------------------------------------ conditions

    private Cond or() {
        Cond c = and();
        while (peek().isWord("OR")) {
            next();
            c = new Ast.Or(c, and());
        }
        return c;
    }

    private Cond and() {
        Cond c = not();
        while (peek().isWord("AND")) {
            next();
            c = new Ast.And(c, not());
        }
        return c;
    }

    private Cond not() {
        if (peek().isWord("NOT")) {
            next();
            return new Ast.Not(not());
        }
        return primary();
    }

    private Cond primary() {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            next();
            Cond c = or();
            expect(Kind.RPAREN);
            return c;
        }
        if (t.kind() == Kind.WORD && peek(1).kind() == Kind.LPAREN && CONDITION_FUNCTIONS.contains(t.text())) {
            Cond c = functionCondition();
            if (isComparisonStart(peek())) {
                semantic("The function is not allowed to be used this way in an expression; function: " + t.text());
                comparisonRest(new Ast.Literal(Value.Null.INSTANCE));
            }
            return c;
        }
        Operand left = operand();
        if (!isComparisonStart(peek())) {
            throw syntax(peek());
        }
        return comparisonRest(left);
    }

    private static boolean isComparisonStart(Token t) {
        return switch (t.kind()) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> t.isWord("BETWEEN") || t.isWord("IN");
        };
    }

    private Cond comparisonRest(Operand left) {
        Token t = next();
        if (t.isWord("BETWEEN")) {
            Operand lower = operand();
            if (!peek().isWord("AND")) {
                throw syntax(peek());
            }
            next();
            Operand upper = operand();
            if (lower instanceof Ast.Literal lo && upper instanceof Ast.Literal hi && Ast.orderable(lo.value(), hi.value())
                    && KeyOrder.compare(lo.value(), hi.value()) > 0) {
                semantic("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                        + "lower bound operand: AttributeValue: " + Documents.renderValue(lo.value())
                        + ", upper bound operand: AttributeValue: " + Documents.renderValue(hi.value()));
            }
            return new Ast.Between(left, lower, upper);
        }
        if (t.isWord("IN")) {
            expect(Kind.LPAREN);
            List<Operand> candidates = new ArrayList<>();
            candidates.add(operand());
            while (peek().kind() == Kind.COMMA) {
                next();
                candidates.add(operand());
            }
            expect(Kind.RPAREN);
            if (candidates.size() > MAX_IN_OPERANDS) {
                semantic("The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            return new Ast.In(left, candidates);
        }
        Ast.Comparator comparator = switch (t.kind()) {
            case EQ -> Ast.Comparator.EQ;
            case NE -> Ast.Comparator.NE;
            case LT -> Ast.Comparator.LT;
            case LE -> Ast.Comparator.LE;
            case GT -> Ast.Comparator.GT;
            case GE -> Ast.Comparator.GE;
            default -> throw syntax(t);
        };
        return new Ast.Compare(left, comparator, operand());
    }

    private Cond functionCondition() {
        Token name = next();
        List<Operand> args = arguments(name.text());
        String f = name.text();
        switch (f) {
            case "attribute_exists", "attribute_not_exists" -> {
                arity(f, args, 1);
                Path p = requirePath(f, args.get(0));
                return new Ast.Exists(p, f.equals("attribute_exists"));
            }
            case "attribute_type" -> {
                arity(f, args, 2);
                Path p = requirePath(f, args.get(0));
                if (args.get(1) instanceof Ast.Literal l) {
                    if (!(l.value() instanceof Value.S s) || !TYPES.contains(s.value())) {
                        semantic("Invalid attribute type name found; type: "
                                + (l.value() instanceof Value.S s2 ? s2.value() : l.value().type())
                                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                }
                return new Ast.AttributeType(p, args.get(1));
            }
            case "begins_with" -> {
                arity(f, args, 2);
                for (Operand a : args) {
                    if (a instanceof Ast.Literal l && !(l.value() instanceof Value.S) && !(l.value() instanceof Value.B)) {
                        semantic("Incorrect operand type for operator or function; operator or function: begins_with, operand type: "
                                + l.value().type());
                    }
                }
                return new Ast.BeginsWith(args.get(0), args.get(1));
            }
            default -> {
                arity(f, args, 2);
                return new Ast.Contains(args.get(0), args.get(1));
            }
        }
    }

    private void arity(String function, List<Operand> args, int expected) {
        if (args.size() != expected) {
            semantic("Incorrect number of operands for operator or function; operator or function: " + function
                    + ", number of operands: " + args.size());
        }
        while (args.size() < expected) {
            args.add(new Ast.Literal(Value.Null.INSTANCE));
        }
    }

    private Path requirePath(String function, Operand operand) {
        if (operand instanceof Ast.PathOperand p) {
            return p.path();
        }
        semantic("Operator or function requires a document path; operator or function: " + function);
        return Path.of("");
    }

    private List<Operand> arguments(String function) {
        expect(Kind.LPAREN);
        List<Operand> args = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            args.add(operand());
            while (peek().kind() == Kind.COMMA) {
                next();
                args.add(operand());
            }
        }
        expect(Kind.RPAREN);
        return args;
    }

    /** An operand of a condition: a path, a value, or size(path). */
    private Operand operand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_PLACEHOLDER) {
            next();
            return new Ast.Literal(value(t));
        }
        if (t.kind() == Kind.WORD && peek(1).kind() == Kind.LPAREN) {
            String f = t.text();
            next();
            List<Operand> args = arguments(f);
            if (f.equals("size")) {
                arity(f, args, 1);
                return new Ast.Size(args.get(0));
            }
            if (CONDITION_FUNCTIONS.contains(f)) {
                semantic("The function is not allowed to be used this way in an expression; function: " + f);
            } else if (UPDATE_FUNCTIONS.contains(f)) {
                semantic("The function is not allowed in a condition expression; function: " + f);
            } else {
                semantic("Invalid function name; function: " + f);
            }
            return new Ast.Literal(Value.Null.INSTANCE);
        }
        if (t.kind() == Kind.WORD || t.kind() == Kind.NAME_PLACEHOLDER) {
            return new Ast.PathOperand(path());
        }
        throw syntax(t);
    }

    // ------------------------------------------------------------------ updates

    private Updates.Action action(String section) {
        Path path = path();
        switch (section) {
            case "SET" -> {
                expect(Kind.EQ);
                return new Updates.SetAction(path, setValue());
            }
            case "REMOVE" -> {
                return new Updates.RemoveAction(path);
            }
            case "ADD" -> {
                Token t = expect(Kind.VALUE_PLACEHOLDER);
                Value v = value(t);
                if (v != null && !(v instanceof Value.N) && !(v instanceof Value.SS) && !(v instanceof Value.NS)
                        && !(v instanceof Value.BS)) {
                    semantic("Incorrect operand type for operator or function; operator: ADD, operand type: " + typeName(v));
                }
                return new Updates.AddAction(path, v);
            }
            default -> {
                Token t = expect(Kind.VALUE_PLACEHOLDER);
                Value v = value(t);
                if (v != null && !(v instanceof Value.SS) && !(v instanceof Value.NS) && !(v instanceof Value.BS)) {
                    semantic("Incorrect operand type for operator or function; operator: DELETE, operand type: " + typeName(v));
                }
                return new Updates.DeleteAction(path, v);
            }
        }
    }

    private static String typeName(Value v) {
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "L" -> "LIST";
            case "M" -> "MAP";
            default -> v.type();
        };
    }

    private Operand setValue() {
        Operand left = setOperand();
        Token t = peek();
        if (t.kind() == Kind.PLUS || t.kind() == Kind.MINUS) {
            next();
            Operand right = setOperand();
            for (Operand o : List.of(left, right)) {
                if (o instanceof Ast.Literal l && l.value() != null && !(l.value() instanceof Value.N)) {
                    semantic("Incorrect operand type for operator or function; operator or function: "
                            + t.text() + ", operand type: " + l.value().type());
                }
            }
            return new Ast.Arithmetic(left, t.kind() == Kind.PLUS, right);
        }
        return left;
    }

    private Operand setOperand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_PLACEHOLDER) {
            next();
            return new Ast.Literal(value(t));
        }
        if (t.kind() == Kind.WORD && peek(1).kind() == Kind.LPAREN) {
            String f = t.text();
            next();
            expect(Kind.LPAREN);
            List<Operand> args = new ArrayList<>();
            if (peek().kind() != Kind.RPAREN) {
                args.add(setValue());
                while (peek().kind() == Kind.COMMA) {
                    next();
                    args.add(setValue());
                }
            }
            expect(Kind.RPAREN);
            switch (f) {
                case "if_not_exists" -> {
                    arity(f, args, 2);
                    if (!(args.get(0) instanceof Ast.PathOperand p)) {
                        semantic("Operator or function requires a document path; operator or function: if_not_exists");
                        return new Ast.Literal(Value.Null.INSTANCE);
                    }
                    return new Ast.IfNotExists(p, args.get(1));
                }
                case "list_append" -> {
                    arity(f, args, 2);
                    for (Operand a : args) {
                        if (a instanceof Ast.Literal l && l.value() != null && !(l.value() instanceof Value.L)) {
                            semantic("Incorrect operand type for operator or function; operator or function: list_append, operand type: "
                                    + l.value().type());
                        }
                    }
                    return new Ast.ListAppend(args.get(0), args.get(1));
                }
                default -> {
                    if (CONDITION_FUNCTIONS.contains(f) || f.equals("size")) {
                        semantic("The function is not allowed in an update expression; function: " + f);
                    } else {
                        semantic("Invalid function name; function: " + f);
                    }
                    return new Ast.Literal(Value.Null.INSTANCE);
                }
            }
        }
        if (t.kind() == Kind.WORD || t.kind() == Kind.NAME_PLACEHOLDER) {
            return new Ast.PathOperand(path());
        }
        throw syntax(t);
    }

    // ------------------------------------------------------------------ paths, names and values

    private Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(name());
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.DOT) {
                next();
                elements.add(name());
            } else if (t.kind() == Kind.LBRACKET) {
                next();
                Token index = next();
                if (index.kind() != Kind.NUMBER) {
                    throw syntax(index);
                }
                expect(Kind.RBRACKET);
                try {
                    elements.add(Integer.parseInt(index.text()));
                } catch (NumberFormatException e) {
                    semantic("The list index is too large; index: " + index.text());
                    elements.add(Integer.MAX_VALUE);
                }
            } else {
                break;
            }
        }
        if (elements.size() > 32) {
            semantic("The document path has too many nesting levels; nesting levels: " + elements.size());
        }
        return new Path(elements);
    }

    private String name() {
        Token t = peek();
        if (t.kind() != Kind.NAME_PLACEHOLDER && t.kind() != Kind.WORD) {
            throw syntax(t);
        }
        next();
        if (t.kind() == Kind.NAME_PLACEHOLDER) {
            String name = context.name(t.text());
            if (name == null) {
                semantic("An expression attribute name used in the document path is not defined; attribute name: " + t.text());
                return t.text();
            }
            return name;
        }
        if (t.kind() == Kind.WORD) {
            if (ReservedWords.contains(t.text())) {
                semantic("Attribute name is a reserved keyword; reserved keyword: " + t.text());
            }
        }
        return t.text();
    }

    private Value value(Token t) {
        Value v = context.value(t.text());
        if (v == null) {
            semantic("An expression attribute value used in expression is not defined; attribute value: " + t.text());
            return Value.Null.INSTANCE;
        }
        return v;
    }

    // ------------------------------------------------------------------ overlapping paths

    private void checkOverlaps(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Path a = paths.get(i);
                Path b = paths.get(j);
                int n = Math.min(a.elements().size(), b.elements().size());
                boolean same = true;
                for (int k = 0; k < n && same; k++) {
                    Object x = a.elements().get(k);
                    Object y = b.elements().get(k);
                    if (!x.equals(y)) {
                        if ((x instanceof Integer) != (y instanceof Integer)) {
                            semantic("Two document paths conflict with each other; must remove or rewrite one of these paths; "
                                    + "path one: " + Documents.render(a) + ", path two: " + Documents.render(b));
                            return;
                        }
                        same = false;
                    }
                }
                if (same) {
                    semantic("Two document paths overlap with each other; must remove or rewrite one of these paths; "
                            + "path one: " + Documents.render(a) + ", path two: " + Documents.render(b));
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ tokens and errors

    private Token peek() {
        return tokens.get(position);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind() != Kind.EOF) {
            position++;
        }
        return t;
    }

    private Token expect(Kind kind) {
        Token t = peek();
        if (t.kind() != kind) {
            throw syntax(t);
        }
        return next();
    }

    private void finish() {
        if (peek().kind() != Kind.EOF) {
            throw syntax(peek());
        }
        throwDeferred();
    }

    private void throwDeferred() {
        if (deferred != null) {
            throw deferred;
        }
    }

    private void semantic(String message) {
        if (deferred == null) {
            deferred = DynamoDbException.validation("Invalid " + parameter + ": " + message);
        }
    }

    private DynamoDbException syntax(Token t) {
        int i = tokens.indexOf(t);
        Token previous = i > 0 ? tokens.get(i - 1) : t;
        Token following = i + 1 < tokens.size() && tokens.get(i + 1).kind() != Kind.EOF ? tokens.get(i + 1) : t;
        String near = source.substring(previous.start(), Math.max(previous.start(), following.end()));
        if (t.kind() == Kind.EOF) {
            near = source.substring(previous.start(), source.length()).trim();
        } else if (i == 0 || previous == t) {
            near = source.substring(t.start(), following.end());
        }
        return DynamoDbException.validation("Invalid " + parameter + ": Syntax error; token: \"" + t.display()
                + "\", near: \"" + near + "\"");
    }
}
