package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.userbase.dynamodb.expr.Lexer.Kind;

/** The grammar of projection expressions: {@code path ( ',' path )*}. */
final class ProjectionParser extends Parser {

    ProjectionParser(String text) {
        super(text, "ProjectionExpression", Set.of());
    }

    List<Syn.PathSyn> parseAll() {
        List<Syn.PathSyn> paths = new ArrayList<>();
        paths.add(parsePath());
        while (at(Kind.COMMA)) {
            next();
            paths.add(parsePath());
        }
        expectEnd();
        return paths;
    }
}
