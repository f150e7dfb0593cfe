package dev.userbase.triggers;

import java.time.Clock;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.backfill.BackfillReport;
import dev.userbase.core.backfill.PoolBackfill;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * The backfill job ({@link PoolBackfill}) as a Lambda function, invoked by hand (docs/DEPLOY.md):
 * it reads the pool named by {@code USER_POOL_ID} from its checkpoint, stops a minute before its
 * timeout, and answers with the counts and {@code complete}; invoke it again until {@code complete}
 * is true. The input is ignored (any JSON, {@code {}}).
 */
public final class BackfillHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String COMPONENT = "backfill";
    /** Stop starting pages when less than this is left of the invocation. */
    static final long RESERVE_MILLIS = 60_000;

    private static final Logger LOG = LogManager.getLogger(BackfillHandler.class);

    private final PoolBackfill backfill;
    private final String userPoolId;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public BackfillHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public BackfillHandler(AwsClients clients, Clock clock) {
        this(new PoolBackfill(clients.cognito(),
                ProfileProvisioner.create(clients, clock, SignUpMetrics.embeddedMetricFormat("backfill")),
                clients.dynamoDb(), clients.config().usersTable(), clock, PoolBackfill.realSleep()),
                clients.config().userPoolId());
    }

    BackfillHandler(PoolBackfill backfill, String userPoolId) {
        if (userPoolId == null) {
            throw new IllegalStateException(UsersConfig.USER_POOL_ID + " must name the user pool to backfill");
        }
        this.backfill = backfill;
        this.userPoolId = userPoolId;
    }

    @Override
    @Logging
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        BackfillReport report = backfill.run(userPoolId,
                () -> context == null || context.getRemainingTimeInMillis() > RESERVE_MILLIS,
                Invocations.changeContext(COMPONENT, context));
        LOG.info("backfill of {}: {}", userPoolId, report);
        return Invocations.answer(report);
    }
}
