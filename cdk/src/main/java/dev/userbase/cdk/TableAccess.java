package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.core.table.TableDefinition;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;

/**
 * Least-privilege access to one table: named actions on the table, on named indexes, or on its
 * stream, never {@code dynamodb:*} or {@code index/*}. CDK's {@code grantReadWriteData} would grant
 * far more (Scan, BatchWriteItem, every index), which is why functions are granted through this.
 */
public final class TableAccess {

    public static final String GET_ITEM = "dynamodb:GetItem";
    public static final String BATCH_GET_ITEM = "dynamodb:BatchGetItem";
    public static final String PUT_ITEM = "dynamodb:PutItem";
    public static final String UPDATE_ITEM = "dynamodb:UpdateItem";
    public static final String DELETE_ITEM = "dynamodb:DeleteItem";
    /** Needed by TransactWriteItems requests that hold a ConditionCheck; the other parts need their own actions. */
    public static final String CONDITION_CHECK_ITEM = "dynamodb:ConditionCheckItem";
    public static final String QUERY = "dynamodb:Query";
    /** Reads the whole table: only for jobs that must (granted with {@link #grantScan}). */
    public static final String SCAN = "dynamodb:Scan";
    /** Writes of the items a BatchWriteItem request puts or deletes. */
    public static final String BATCH_WRITE_ITEM = "dynamodb:BatchWriteItem";

    private static final Set<String> WRITES = Set.of(PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, BATCH_WRITE_ITEM);
    private static final List<String> STREAM_READ = List.of(
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");

    private final Table table;
    private final TableDefinition definition;
    /** Key access already granted, per principal: true once it includes writing. */
    private final Map<IPrincipal, Boolean> keyGrants = new HashMap<>();

    public TableAccess(Table table, TableDefinition definition) {
        this.table = table;
        this.definition = definition;
    }

    public Table table() {
        return table;
    }

    public TableDefinition definition() {
        return definition;
    }

    /** Item actions ({@link #GET_ITEM}, {@link #PUT_ITEM}, ...) on the table itself. */
    public void grantItems(IGrantable grantee, String... actions) {
        if (Arrays.stream(actions).anyMatch(a -> a.equals(QUERY))) {
            throw new IllegalArgumentException("grant Query with grantQuery, naming the indexes");
        }
        if (Arrays.stream(actions).anyMatch(a -> a.equals(SCAN))) {
            throw new IllegalArgumentException("grant Scan with grantScan");
        }
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(table.getTableArn()))
                .build());
        grantKey(grantee, Arrays.stream(actions).anyMatch(WRITES::contains));
    }

    /**
     * Query on the named indexes, and on the table itself if {@code baseTable} (with no index named,
     * the base table only). Unknown index names
     * fail synthesis, so a renamed index cannot leave a function without access.
     */
    public void grantQuery(IGrantable grantee, boolean baseTable, String... indexNames) {
        List<String> resources = new ArrayList<>();
        if (baseTable) {
            resources.add(table.getTableArn());
        }
        for (String name : indexNames) {
            resources.add(table.getTableArn() + "/index/" + definition.index(name).name());
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("grantQuery needs the base table or an index");
        }
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(QUERY))
                .resources(resources)
                .build());
        grantKey(grantee, false);
    }

    /** Scan of the table itself (no index): a job that reads every item, such as the reconcile of follow counts. */
    public void grantScan(IGrantable grantee) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(SCAN))
                .resources(List.of(table.getTableArn()))
                .build());
        grantKey(grantee, false);
    }

    /** What a Lambda event source mapping needs to read the table's stream, on that stream only. */
    public void grantStreamRead(IGrantable grantee) {
        if (definition.stream().isEmpty()) {
            throw new IllegalStateException("the table has no stream");
        }
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(STREAM_READ)
                .resources(List.of(table.getTableStreamArn()))
                .build());
        grantKey(grantee, false);
    }

    /** With a customer-managed key, DynamoDB uses it on the caller's behalf, so the caller needs it too. */
    private void grantKey(IGrantable grantee, boolean write) {
        IKey key = table.getEncryptionKey();
        IPrincipal principal = grantee.getGrantPrincipal();
        Boolean granted = keyGrants.get(principal);
        if (key == null || (granted != null && (granted || !write))) {
            return;
        }
        keyGrants.put(principal, write);
        List<String> actions = write
                ? List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey")
                : List.of("kms:Decrypt", "kms:DescribeKey");
        principal.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(key.getKeyArn()))
                .build());
    }
}
