package dev.userbase.dynamodb.expr;

import java.util.List;

/** Projections built from paths rather than parsed (ReturnValues UPDATED_OLD and UPDATED_NEW). */
public final class Projections {

    private Projections() {
    }

    public static Projection of(List<Path> paths) {
        throw new UnsupportedOperationException("projections not yet written");
    }
}
