package dev.userbase.cdk;

import dev.userbase.core.streams.StreamConsumer;

/**
 * Handler classes outside the API (whose classes are on {@link dev.userbase.core.api.ApiFunction}),
 * as agreed in docs/ARCHITECTURE.md. The stream handlers' are core's {@link StreamConsumer}'s, which
 * the local stack runs too.
 */
public final class Handlers {

    public static final String PRE_SIGN_UP = "dev.userbase.triggers.PreSignUpHandler";
    public static final String POST_CONFIRMATION = "dev.userbase.triggers.PostConfirmationHandler";
    public static final String PRE_TOKEN_GENERATION = "dev.userbase.triggers.PreTokenGenerationHandler";
    public static final String POST_AUTHENTICATION = "dev.userbase.triggers.PostAuthenticationHandler";
    public static final String BACKFILL = "dev.userbase.triggers.BackfillHandler";
    public static final String RECONCILE = "dev.userbase.triggers.ReconcileHandler";
    public static final String USER_MIGRATION = "dev.userbase.triggers.UserMigrationHandler";
    public static final String FOLLOW_COUNTER = StreamConsumer.FOLLOW_COUNTER.handlerClass();
    public static final String CHANGE_STREAM = StreamConsumer.CHANGE_STREAM.handlerClass();

    private Handlers() {
    }
}
