package dev.userbase.core.backfill;

/**
 * What a backfill did, counted per user since the run started (a resumed run keeps the counts of
 * the runs before it).
 *
 * @param created profiles this backfill created
 * @param alreadyPresent users who had a profile already (sign-up path, an earlier run, {@code GET /users/me})
 * @param emailHeldByAnotherUser users whose email address another user owns: no profile, logged at ERROR
 * @param skippedUnconfirmed users not CONFIRMED (nor EXTERNAL_PROVIDER): they get a profile when they confirm
 * @param skippedDisabled disabled users
 * @param skippedInvalid users without a {@code sub} or with an email address the service does not accept
 * @param pages ListUsers pages read
 * @param complete the pool was read to its end; false when the run stopped early (time budget) and
 *     the next run resumes from the checkpoint
 */
public record BackfillReport(long created, long alreadyPresent, long emailHeldByAnotherUser,
        long skippedUnconfirmed, long skippedDisabled, long skippedInvalid, long pages, boolean complete) {

    public static BackfillReport empty() {
        return new BackfillReport(0, 0, 0, 0, 0, 0, 0, false);
    }

    BackfillReport plus(Outcome outcome) {
        return new BackfillReport(
                created + (outcome == Outcome.CREATED ? 1 : 0),
                alreadyPresent + (outcome == Outcome.ALREADY_PRESENT ? 1 : 0),
                emailHeldByAnotherUser + (outcome == Outcome.EMAIL_HELD ? 1 : 0),
                skippedUnconfirmed + (outcome == Outcome.UNCONFIRMED ? 1 : 0),
                skippedDisabled + (outcome == Outcome.DISABLED ? 1 : 0),
                skippedInvalid + (outcome == Outcome.INVALID ? 1 : 0),
                pages, complete);
    }

    BackfillReport withPage() {
        return new BackfillReport(created, alreadyPresent, emailHeldByAnotherUser, skippedUnconfirmed,
                skippedDisabled, skippedInvalid, pages + 1, complete);
    }

    BackfillReport completed(boolean done) {
        return new BackfillReport(created, alreadyPresent, emailHeldByAnotherUser, skippedUnconfirmed,
                skippedDisabled, skippedInvalid, pages, done);
    }

    enum Outcome { CREATED, ALREADY_PRESENT, EMAIL_HELD, UNCONFIRMED, DISABLED, INVALID }
}
