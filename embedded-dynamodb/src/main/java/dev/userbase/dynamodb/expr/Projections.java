package dev.userbase.dynamodb.expr;

import java.util.List;

/**
 * Projections built from paths rather than parsed: for example the paths an {@link Update}
 * writes, to answer {@code ReturnValues} {@code UPDATED_OLD} and {@code UPDATED_NEW}.
 */
public final class Projections {

    private Projections() {
    }

    /**
     * The projection of {@code paths}, as a ProjectionExpression naming them would project (paths
     * may overlap here: the outer one is kept whole).
     */
    public static Projection of(List<Path> paths) {
        return new PathProjection(paths);
    }
}
