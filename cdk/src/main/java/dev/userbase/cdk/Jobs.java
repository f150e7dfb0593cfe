package dev.userbase.cdk;

import java.util.List;
import java.util.Map;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.reconcile.ReconcileSettings;
import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * Jobs an operator runs by hand (docs/DEPLOY.md, "Backfill of an existing user pool" and
 * "Reconcile follow counts"): nothing invokes them on a schedule, so they cost nothing until run.
 */
public final class Jobs extends Construct {

    public record Props(DeploymentSettings settings, Code triggersCode, TableAccess users, IUserPool userPool) {
    }

    private final List<JavaFunction> functions;

    public Jobs(Construct scope, String id, Props props) {
        super(scope, id);
        // Lambda's longest timeout: the job stops a minute before it and resumes from its checkpoint when run again
        JavaFunction backfill = new JavaFunction(this, "Backfill", new JavaFunction.Props(
                Handlers.BACKFILL, props.triggersCode(), 1024, Duration.minutes(15),
                "Backfill: gives every existing user of the pool a profile (ListUsers, resumable)",
                FunctionEnvironment.BACKFILL.values(Map.of(
                        UsersConfig.USERS_TABLE, props.users().table().getTableName(),
                        UsersConfig.USER_POOL_ID, props.userPool().getUserPoolId())),
                props.settings()));
        // ProfileProvisioner (GetItem, TransactWriteItems of a Put and an Update or Put, priming's
        // ConditionCheck) and the checkpoint's GetItem and PutItem.
        props.users().grantItems(backfill.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.CONDITION_CHECK_ITEM);
        backfill.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:ListUsers"))
                .resources(List.of(props.userPool().getUserPoolArn()))
                .build());

        // the same timeout and budget; it waits out the settle time in the invocation when it fits
        JavaFunction reconcile = new JavaFunction(this, "Reconcile", new JavaFunction.Props(
                Handlers.RECONCILE, props.triggersCode(), 512, Duration.minutes(15),
                "Reconcile: recomputes follow counts from the edges and corrects drift (resumable)",
                FunctionEnvironment.RECONCILE.values(Map.of(
                        UsersConfig.USERS_TABLE, props.users().table().getTableName(),
                        ReconcileSettings.SETTLE_SECONDS, String.valueOf(ReconcileSettings.DEFAULT_SETTLE.toSeconds()),
                        ReconcileSettings.TOTAL_SEGMENTS, String.valueOf(ReconcileSettings.DEFAULT_TOTAL_SEGMENTS))),
                props.settings()));
        // FollowCounts: GetItem (profile counts, parked counts, checkpoint), UpdateItem (the correction),
        // PutItem (the checkpoint), Scan of the profiles, COUNT queries of a user's FOLLOWS# edges on the
        // table and of their followers on the followers index.
        props.users().grantItems(reconcile.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM);
        props.users().grantScan(reconcile.role());
        props.users().grantQuery(reconcile.role(), true, UsersTable.FOLLOWERS_INDEX);
        functions = List.of(backfill, reconcile);
    }

    public List<JavaFunction> functions() {
        return functions;
    }
}
