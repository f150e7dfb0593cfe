package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.IndexSchema;
import dev.userbase.dynamodb.table.KeyAttribute;
import dev.userbase.dynamodb.table.KeySchema;
import dev.userbase.dynamodb.table.Table;
import dev.userbase.dynamodb.table.TableSchema;
import dev.userbase.dynamodb.table.Throughput;

/** The control plane: tables, their indexes, streams, TTL and tags. Tables are ACTIVE as soon as they are created. */
final class TableOps {

    private static final List<String> VIEW_TYPES = List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
    private static final List<String> PROJECTIONS = List.of("ALL", "KEYS_ONLY", "INCLUDE");
    private static final int MAX_GSI = 20;
    private static final int MAX_LSI = 5;

    private final Database db;

    TableOps(Database db) {
        this.db = db;
    }

    // ------------------------------------------------------------------ CreateTable

    ObjectNode createTable(Request r) {
        String name = r.string("TableName");
        if (name == null) {
            throw DynamoDbException.validation("The parameter 'TableName' is required but was not present in the request");
        }
        List<Request> definitions = r.objects("AttributeDefinitions");
        List<Request> keySchema = r.objects("KeySchema");
        String billingMode = r.string("BillingMode");
        Constraints c = Constraints.check().tableName(name, "tableName", true);
        if (definitions == null) {
            c.notNull(null, "attributeDefinitions");
        } else {
            for (int i = 0; i < definitions.size(); i++) {
                c.oneOf(definitions.get(i).string("AttributeType"), "attributeDefinitions." + (i + 1) + ".member.attributeType",
                        List.of("B", "N", "S"));
            }
        }
        if (keySchema == null) {
            c.notNull(null, "keySchema");
        } else {
            for (int i = 0; i < keySchema.size(); i++) {
                c.oneOf(keySchema.get(i).string("KeyType"), "keySchema." + (i + 1) + ".member.keyType", List.of("HASH", "RANGE"));
            }
            if (keySchema.size() > 2) {
                c.add("Value '" + render(keySchema) + "' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
            } else if (keySchema.isEmpty()) {
                c.add("Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
        }
        c.oneOf(billingMode, "billingMode", List.of("PROVISIONED", "PAY_PER_REQUEST"));
        Request streamSpec = r.object("StreamSpecification");
        if (streamSpec != null) {
            c.oneOf(streamSpec.string("StreamViewType"), "streamSpecification.streamViewType", VIEW_TYPES);
        }
        c.throwIfAny();

        Map<String, String> attributes = new LinkedHashMap<>();
        for (Request d : definitions) {
            String attribute = d.string("AttributeName");
            if (attributes.put(attribute, d.string("AttributeType")) != null) {
                throw DynamoDbException.invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + attribute);
            }
        }
        KeySchema keys = keySchema(keySchema, attributes, "Invalid KeySchema: Some index key attribute have no definition");
        boolean onDemand = "PAY_PER_REQUEST".equals(billingMode);
        Request provisioned = r.object("ProvisionedThroughput");
        Throughput throughput = throughput(provisioned, onDemand, "");
        Set<String> used = new HashSet<>();
        used.add(keys.hash().name());
        keys.rangeKey().ifPresent(k -> used.add(k.name()));
        List<IndexSchema> indexes = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        List<Request> lsis = r.objects("LocalSecondaryIndexes");
        if (lsis != null) {
            if (lsis.isEmpty()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: List of LocalSecondaryIndexes is empty");
            }
            if (keys.range() == null) {
                throw DynamoDbException.invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (lsis.size() > MAX_LSI) {
                throw DynamoDbException.invalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSI);
            }
            for (Request lsi : lsis) {
                IndexSchema index = index(lsi, attributes, false, onDemand);
                if (!index.keys().hash().name().equals(keys.hash().name())) {
                    throw DynamoDbException.invalidParameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                            + index.name() + ". index hash key: " + index.keys().hash().name() + ", table hash key: " + keys.hash().name());
                }
                if (index.keys().range() == null) {
                    throw DynamoDbException.invalidParameter("Index KeySchema does not have a range key for index: " + index.name());
                }
                if (!indexNames.add(index.name())) {
                    throw DynamoDbException.invalidParameter("Duplicate index name: " + index.name());
                }
                used.add(index.keys().range().name());
                indexes.add(index);
            }
        }
        List<Request> gsis = r.objects("GlobalSecondaryIndexes");
        if (gsis != null) {
            if (gsis.isEmpty()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty");
            }
            if (gsis.size() > MAX_GSI) {
                throw DynamoDbException.invalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GSI);
            }
            for (Request gsi : gsis) {
                IndexSchema index = index(gsi, attributes, true, onDemand);
                if (!indexNames.add(index.name())) {
                    throw DynamoDbException.invalidParameter("Duplicate index name: " + index.name());
                }
                used.add(index.keys().hash().name());
                index.keys().rangeKey().ifPresent(k -> used.add(k.name()));
                indexes.add(index);
            }
        }
        if (!used.equals(attributes.keySet())) {
            throw DynamoDbException.invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        String viewType = null;
        if (streamSpec != null) {
            Boolean enabled = streamSpec.bool("StreamEnabled");
            if (enabled == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
            }
            if (enabled) {
                viewType = streamSpec.string("StreamViewType");
                if (viewType == null) {
                    throw DynamoDbException.invalidParameter("StreamViewType is required when StreamEnabled is true");
                }
            } else if (streamSpec.has("StreamViewType")) {
                throw DynamoDbException.invalidParameter("StreamViewType can't be specified when StreamEnabled is false");
            }
        }
        Map<String, String> tags = tags(r.objects("Tags"));
        String streamView = viewType;
        String mode = onDemand ? "PAY_PER_REQUEST" : "PROVISIONED";
        boolean protection = r.bool("DeletionProtectionEnabled", false);
        String tableClass = r.string("TableClass");
        TableSchema schema = db.createTable(id -> new TableSchema(name, id, db.tableArn(name), db.clock().millis() / 1000.0,
                keys, attributes, indexes, mode, throughput, streamView, streamView == null ? null : db.newStreamLabel(name),
                null, protection, tableClass == null ? "STANDARD" : tableClass, tags), name);
        ObjectNode response = Request.response();
        response.set("TableDescription", describe(db.table(schema.name()), "ACTIVE"));
        return response;
    }

    private static String render(List<Request> keySchema) {
        List<String> parts = new ArrayList<>();
        for (Request k : keySchema) {
            parts.add("KeySchemaElement(attributeName=" + k.string("AttributeName") + ", keyType=" + k.string("KeyType") + ")");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static KeySchema keySchema(List<Request> elements, Map<String, String> attributes, String undefinedMessage) {
        String hash = null;
        String range = null;
        for (Request element : elements) {
            String attribute = element.string("AttributeName");
            String type = element.string("KeyType");
            if ("HASH".equals(type)) {
                if (hash != null) {
                    throw DynamoDbException.validation("Invalid KeySchema: Too many hash keys");
                }
                hash = attribute;
            } else {
                if (range != null) {
                    throw DynamoDbException.validation("Invalid KeySchema: Too many range keys");
                }
                range = attribute;
            }
        }
        if (hash == null) {
            throw DynamoDbException.validation("Invalid KeySchema: No Hash Key specified");
        }
        if (!elements.isEmpty() && !"HASH".equals(elements.get(0).string("KeyType"))) {
            throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (!attributes.containsKey(hash) || (range != null && (!attributes.containsKey(range) || range.equals(hash)))) {
            throw DynamoDbException.validation(undefinedMessage);
        }
        return new KeySchema(new KeyAttribute(hash, attributes.get(hash)),
                range == null ? null : new KeyAttribute(range, attributes.get(range)));
    }

    private static Throughput throughput(Request provisioned, boolean onDemand, String what) {
        if (onDemand) {
            if (provisioned != null) {
                throw DynamoDbException.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return Throughput.ON_DEMAND;
        }
        if (provisioned == null) {
            throw DynamoDbException.invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        Long read = provisioned.integer("ReadCapacityUnits");
        Long write = provisioned.integer("WriteCapacityUnits");
        Constraints c = Constraints.check();
        String prefix = what.isEmpty() ? "provisionedThroughput" : what;
        c.notNull(read, prefix + ".readCapacityUnits").notNull(write, prefix + ".writeCapacityUnits")
                .min(read, 1, prefix + ".readCapacityUnits").min(write, 1, prefix + ".writeCapacityUnits");
        c.throwIfAny();
        return Throughput.of(read, write);
    }

    private static IndexSchema index(Request request, Map<String, String> attributes, boolean global, boolean onDemand) {
        String name = request.string("IndexName");
        Constraints.check().tableName(name, global ? "globalSecondaryIndexes.member.indexName" : "localSecondaryIndexes.member.indexName", true)
                .throwIfAny();
        List<Request> keyElements = request.objects("KeySchema");
        if (keyElements == null || keyElements.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
        }
        KeySchema keys = keySchema(keyElements, attributes, "Invalid KeySchema: Some index key attribute have no definition");
        Request projection = request.object("Projection");
        if (projection == null) {
            throw DynamoDbException.invalidParameter("Projection is required for index: " + name);
        }
        String type = projection.string("ProjectionType");
        Constraints.check().oneOf(type, "projection.projectionType", PROJECTIONS).throwIfAny();
        List<String> nonKey = projection.strings("NonKeyAttributes");
        if (type == null) {
            throw DynamoDbException.invalidParameter("Unknown ProjectionType: null");
        }
        if (!"INCLUDE".equals(type) && nonKey != null) {
            throw DynamoDbException.invalidParameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if ("INCLUDE".equals(type) && (nonKey == null || nonKey.isEmpty())) {
            throw DynamoDbException.invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        Throughput throughput = Throughput.ON_DEMAND;
        if (global) {
            Request provisioned = request.object("ProvisionedThroughput");
            if (onDemand && provisioned != null) {
                throw DynamoDbException.invalidParameter("ProvisionedThroughput should not be specified for index: "
                        + name + " when BillingMode is PAY_PER_REQUEST");
            }
            if (!onDemand) {
                if (provisioned == null) {
                    throw DynamoDbException.invalidParameter("ProvisionedThroughput must be specified for index: " + name);
                }
                throughput = throughput(provisioned, false, "globalSecondaryIndexes.member.provisionedThroughput");
            }
        }
        return new IndexSchema(name, global, keys, type, nonKey, throughput, "ACTIVE");
    }

    private static Map<String, String> tags(List<Request> tags) {
        Map<String, String> map = new TreeMap<>();
        if (tags != null) {
            for (Request t : tags) {
                String key = t.string("Key");
                String value = t.string("Value");
                Constraints c = Constraints.check().notNull(key, "tags.member.key").notNull(value, "tags.member.value");
                c.throwIfAny();
                Constraints.check().length(key, 1, 128, "tags.member.key").throwIfAny();
                Constraints.check().length(value, 0, 256, "tags.member.value").throwIfAny();
                map.put(key, value);
            }
        }
        return map;
    }

    // ------------------------------------------------------------------ Describe, List, Delete

    /** The table the request's TableName names. */
    private Table namedTable(Request r) {
        String name = r.string("TableName");
        Constraints.check().tableName(name, "tableName", true).throwIfAny();
        return db.table(name);
    }

    ObjectNode describeTable(Request r) {
        Table table = namedTable(r);
        ObjectNode response = Request.response();
        response.set("Table", describe(table, "ACTIVE"));
        return response;
    }

    ObjectNode listTables(Request r) {
        String start = r.string("ExclusiveStartTableName");
        Long limit = r.integer("Limit");
        Constraints.check().tableName(start, "exclusiveStartTableName", false).limit(limit, 100).throwIfAny();
        // in name order, so the start need not name a table that still exists
        Page<String> page = Page.of(db.tables().stream().map(Table::name).filter(n -> start == null || n.compareTo(start) > 0),
                Page.size(limit, 100));
        ObjectNode response = Request.response();
        ArrayNode names = response.putArray("TableNames");
        page.items().forEach(names::add);
        if (page.more()) {
            response.put("LastEvaluatedTableName", page.last());
        }
        return response;
    }

    ObjectNode deleteTable(Request r) {
        Table table = namedTable(r);
        ObjectNode description = describe(table, "DELETING");
        db.deleteTable(table.name(), schema -> {
            if (schema.deletionProtection()) {
                throw DynamoDbException.validation("Resource cannot be deleted as it is currently protected against deletion. "
                        + "Disable deletion protection first.");
            }
        });
        ObjectNode response = Request.response();
        response.set("TableDescription", description);
        return response;
    }

    ObjectNode describe(Table table, String status) {
        TableSchema s = table.schema();
        ObjectNode t = Request.response();
        ArrayNode definitions = t.putArray("AttributeDefinitions");
        new TreeMap<>(s.attributes()).forEach((name, type) -> definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        t.put("TableName", s.name());
        t.set("KeySchema", keySchemaNode(s.keys()));
        t.put("TableStatus", status);
        t.put("CreationDateTime", s.createdAt());
        t.set("ProvisionedThroughput", throughputNode(s.throughput()));
        t.put("TableSizeBytes", table.sizeBytes());
        t.put("ItemCount", table.itemCount());
        t.put("TableArn", s.arn());
        t.put("TableId", s.id());
        if (s.onDemand()) {
            t.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", s.createdAt());
        } else {
            t.putObject("BillingModeSummary").put("BillingMode", "PROVISIONED");
        }
        describeIndexes(t, "LocalSecondaryIndexes", s.localIndexes(), table, status);
        describeIndexes(t, "GlobalSecondaryIndexes", s.globalIndexes(), table, status);
        if (s.streamEnabled()) {
            t.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", s.streamViewType());
        }
        if (s.streamLabel() != null) {
            t.put("LatestStreamLabel", s.streamLabel());
            t.put("LatestStreamArn", s.streamArn());
        }
        t.put("DeletionProtectionEnabled", s.deletionProtection());
        if (s.tableClass() != null && !"STANDARD".equals(s.tableClass())) {
            t.putObject("TableClassSummary").put("TableClass", s.tableClass());
        }
        return t;
    }

    /** The indexes of one kind as DescribeTable lists them (a global one with its status and throughput); nothing when there are none. */
    private static void describeIndexes(ObjectNode t, String member, List<IndexSchema> indexes, Table table, String status) {
        if (indexes.isEmpty()) {
            return;
        }
        ArrayNode list = t.putArray(member);
        for (IndexSchema i : indexes) {
            ObjectNode n = list.addObject();
            n.put("IndexName", i.name());
            n.set("KeySchema", keySchemaNode(i.keys()));
            n.set("Projection", projectionNode(i));
            if (i.global()) {
                n.put("IndexStatus", "DELETING".equals(status) ? "DELETING" : i.status());
                n.set("ProvisionedThroughput", throughputNode(i.throughput()));
            }
            Table.IndexRows rows = table.index(i.name());
            n.put("IndexSizeBytes", rows == null ? 0 : rows.sizeBytes());
            n.put("ItemCount", rows == null ? 0 : rows.itemCount());
            n.put("IndexArn", table.schema().arn() + "/index/" + i.name());
        }
    }

    private static ArrayNode keySchemaNode(KeySchema keys) {
        ArrayNode array = Request.response().arrayNode();
        array.addObject().put("AttributeName", keys.hash().name()).put("KeyType", "HASH");
        keys.rangeKey().ifPresent(k -> array.addObject().put("AttributeName", k.name()).put("KeyType", "RANGE"));
        return array;
    }

    private static ObjectNode projectionNode(IndexSchema i) {
        ObjectNode p = Request.response();
        p.put("ProjectionType", i.projectionType());
        if (!i.nonKeyAttributes().isEmpty()) {
            ArrayNode a = p.putArray("NonKeyAttributes");
            i.nonKeyAttributes().forEach(a::add);
        }
        return p;
    }

    private static ObjectNode throughputNode(Throughput t) {
        ObjectNode n = Request.response();
        if (t.lastIncrease() > 0) {
            n.put("LastIncreaseDateTime", t.lastIncrease());
        }
        if (t.lastDecrease() > 0) {
            n.put("LastDecreaseDateTime", t.lastDecrease());
        }
        n.put("NumberOfDecreasesToday", t.decreasesToday());
        n.put("ReadCapacityUnits", t.read());
        n.put("WriteCapacityUnits", t.write());
        return n;
    }

    // ------------------------------------------------------------------ UpdateTable

    ObjectNode updateTable(Request r) {
        String name = r.string("TableName");
        String billingMode = r.string("BillingMode");
        Constraints c = Constraints.check().tableName(name, "tableName", true)
                .oneOf(billingMode, "billingMode", List.of("PROVISIONED", "PAY_PER_REQUEST"));
        Request streamSpec = r.object("StreamSpecification");
        if (streamSpec != null) {
            c.oneOf(streamSpec.string("StreamViewType"), "streamSpecification.streamViewType", VIEW_TYPES);
        }
        c.throwIfAny();
        db.table(name);
        List<Request> definitions = r.objects("AttributeDefinitions");
        List<Request> gsiUpdates = r.objects("GlobalSecondaryIndexUpdates");
        Request provisioned = r.object("ProvisionedThroughput");
        Boolean protection = r.bool("DeletionProtectionEnabled");
        String tableClass = r.string("TableClass");
        if (definitions == null && gsiUpdates == null && provisioned == null && billingMode == null && streamSpec == null
                && protection == null && tableClass == null && !r.has("SSESpecification") && !r.has("ReplicaUpdates")
                && !r.has("OnDemandThroughput") && !r.has("WarmThroughput")) {
            throw DynamoDbException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                    + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        db.updateTable(name, schema -> {
            TableSchema s = schema;
            if (billingMode != null || provisioned != null) {
                boolean onDemand = billingMode == null ? s.onDemand() : "PAY_PER_REQUEST".equals(billingMode);
                Throughput t;
                if (onDemand) {
                    if (provisioned != null) {
                        throw DynamoDbException.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
                    }
                    t = Throughput.ON_DEMAND;
                } else if (provisioned == null) {
                    if (s.onDemand()) {
                        throw DynamoDbException.invalidParameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
                    }
                    t = s.throughput();
                } else {
                    t = throughput(provisioned, false, "");
                    if (!s.onDemand() && t.read() == s.throughput().read() && t.write() == s.throughput().write()
                            && gsiUpdates == null && streamSpec == null) {
                        throw DynamoDbException.validation("The provisioned throughput for the table will not change. The requested value equals the current value. "
                                + "Current ReadCapacityUnits provisioned for the table: " + s.throughput().read()
                                + ". Requested ReadCapacityUnits: " + t.read() + ". Current WriteCapacityUnits provisioned for the table: "
                                + s.throughput().write() + ". Requested WriteCapacityUnits: " + t.write()
                                + ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
                    }
                    double now = db.clock().millis() / 1000.0;
                    long decreases = s.throughput().decreasesToday();
                    boolean decrease = t.read() < s.throughput().read() || t.write() < s.throughput().write();
                    boolean increase = t.read() > s.throughput().read() || t.write() > s.throughput().write();
                    t = new Throughput(t.read(), t.write(), increase ? now : s.throughput().lastIncrease(),
                            decrease ? now : s.throughput().lastDecrease(), (int) (decrease ? decreases + 1 : decreases));
                }
                s = s.withBilling(onDemand ? "PAY_PER_REQUEST" : "PROVISIONED", t);
                if (onDemand) {
                    List<IndexSchema> list = new ArrayList<>();
                    for (IndexSchema i : s.indexes()) {
                        list.add(i.global() ? i.withThroughput(Throughput.ON_DEMAND) : i);
                    }
                    s = s.withIndexes(list, s.attributes());
                }
            }
            if (streamSpec != null) {
                Boolean enabled = streamSpec.bool("StreamEnabled");
                if (enabled == null) {
                    throw DynamoDbException.validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
                }
                if (enabled) {
                    String view = streamSpec.string("StreamViewType");
                    if (view == null) {
                        throw DynamoDbException.invalidParameter("StreamViewType is required when StreamEnabled is true");
                    }
                    if (s.streamEnabled()) {
                        throw DynamoDbException.validation("Table already has an enabled stream: " + s.streamArn());
                    }
                    s = s.withStream(view, db.newStreamLabel(name));
                } else {
                    if (!s.streamEnabled()) {
                        throw DynamoDbException.validation("Table already has no stream enabled");
                    }
                    s = s.withStream(null, s.streamLabel());
                }
            }
            if (gsiUpdates != null) {
                s = indexUpdates(s, gsiUpdates, definitions);
            } else if (definitions != null) {
                // definitions are only for new index keys
                Map<String, String> attrs = new LinkedHashMap<>(s.attributes());
                for (Request d : definitions) {
                    String existing = attrs.get(d.string("AttributeName"));
                    if (existing != null && !existing.equals(d.string("AttributeType"))) {
                        throw DynamoDbException.invalidParameter("Cannot change the type of an existing attribute: " + d.string("AttributeName"));
                    }
                }
            }
            if (protection != null) {
                s = s.withDeletionProtection(protection);
            }
            if (tableClass != null) {
                s = s.withTableClass(tableClass);
            }
            return s;
        });
        ObjectNode response = Request.response();
        response.set("TableDescription", describe(db.table(name), "ACTIVE"));
        return response;
    }

    private TableSchema indexUpdates(TableSchema s, List<Request> updates, List<Request> definitions) {
        Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
        if (definitions != null) {
            for (Request d : definitions) {
                String attribute = d.string("AttributeName");
                String type = d.string("AttributeType");
                String existing = attributes.get(attribute);
                if (existing != null && !existing.equals(type)) {
                    throw DynamoDbException.invalidParameter("Cannot change the type of an existing attribute: " + attribute);
                }
                attributes.put(attribute, type);
            }
        }
        List<IndexSchema> indexes = new ArrayList<>(s.indexes());
        int creates = 0;
        for (Request update : updates) {
            Request create = update.object("Create");
            Request delete = update.object("Delete");
            Request change = update.object("Update");
            if (create != null) {
                creates++;
                if (creates > 1) {
                    // DynamoDB answers this one as a limit, not a validation error
                    throw DynamoDbException.of("LimitExceededException",
                            "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
                }
                IndexSchema index = index(create, attributes, true, s.onDemand());
                if (s.index(index.name()).isPresent()) {
                    throw DynamoDbException.validation("Attempting to create an index which already exists");
                }
                if (s.globalIndexes().size() >= MAX_GSI) {
                    throw DynamoDbException.of("LimitExceededException", "GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GSI);
                }
                indexes.add(index);
            } else if (delete != null) {
                String indexName = delete.string("IndexName");
                IndexSchema index = s.index(indexName).filter(IndexSchema::global).orElseThrow(() ->
                        DynamoDbException.resourceNotFound("Index", indexName));
                indexes.remove(index);
            } else if (change != null) {
                String indexName = change.string("IndexName");
                IndexSchema index = s.index(indexName).filter(IndexSchema::global).orElseThrow(() ->
                        DynamoDbException.resourceNotFound("Index", indexName));
                Request provisioned = change.object("ProvisionedThroughput");
                if (provisioned != null) {
                    if (s.onDemand()) {
                        throw DynamoDbException.invalidParameter("ProvisionedThroughput cannot be specified for index "
                                + indexName + " when BillingMode is PAY_PER_REQUEST");
                    }
                    indexes.set(indexes.indexOf(index), index.withThroughput(throughput(provisioned, false,
                            "globalSecondaryIndexUpdates.member.update.provisionedThroughput")));
                }
            } else {
                throw DynamoDbException.validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update, or GlobalSecondaryIndexUpdate.Delete must be specified");
            }
        }
        // attributes no key uses any more go, as DynamoDB drops them
        Set<String> used = new HashSet<>();
        used.add(s.keys().hash().name());
        s.keys().rangeKey().ifPresent(k -> used.add(k.name()));
        for (IndexSchema i : indexes) {
            used.add(i.keys().hash().name());
            i.keys().rangeKey().ifPresent(k -> used.add(k.name()));
        }
        if (definitions != null) {
            for (Request d : definitions) {
                if (!used.contains(d.string("AttributeName"))) {
                    throw DynamoDbException.invalidParameter("Table KeySchema does not contain the attribute definition: "
                            + d.string("AttributeName"));
                }
            }
        }
        attributes.keySet().retainAll(used);
        return s.withIndexes(indexes, attributes);
    }

    // ------------------------------------------------------------------ TTL

    ObjectNode updateTimeToLive(Request r) {
        String name = r.string("TableName");
        Request spec = r.object("TimeToLiveSpecification");
        Constraints c = Constraints.check().tableName(name, "tableName", true);
        if (spec == null) {
            c.notNull(null, "timeToLiveSpecification");
        } else {
            c.notNull(spec.bool("Enabled"), "timeToLiveSpecification.enabled")
                    .notNull(spec.string("AttributeName"), "timeToLiveSpecification.attributeName");
        }
        c.throwIfAny();
        String attribute = spec.string("AttributeName");
        if (attribute.isEmpty()) {
            Constraints.check().length(attribute, 0, 1, 255, "timeToLiveSpecification.attributeName").throwIfAny();
        }
        boolean enabled = spec.bool("Enabled");
        db.table(name);
        db.updateTable(name, s -> {
            if (enabled) {
                if (s.ttlAttribute() != null) {
                    throw DynamoDbException.validation("TimeToLive is already enabled");
                }
                return s.withTtl(attribute);
            }
            if (s.ttlAttribute() == null) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            if (!s.ttlAttribute().equals(attribute)) {
                throw DynamoDbException.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                        + s.ttlAttribute());
            }
            return s.withTtl(null);
        });
        ObjectNode response = Request.response();
        response.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
        return response;
    }

    ObjectNode describeTimeToLive(Request r) {
        Table table = namedTable(r);
        ObjectNode response = Request.response();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        String attribute = table.schema().ttlAttribute();
        if (attribute == null) {
            description.put("TimeToLiveStatus", "DISABLED");
        } else {
            description.put("TimeToLiveStatus", "ENABLED").put("AttributeName", attribute);
        }
        return response;
    }

    // ------------------------------------------------------------------ tags

    private Table tableByArn(String arn) {
        Constraints.check().notNull(arn, "resourceArn").throwIfAny();
        String prefix = "arn:aws:dynamodb:" + db.region() + ":" + Database.ACCOUNT + ":table/";
        if (!arn.startsWith(prefix)) {
            if (arn.startsWith("arn:aws:dynamodb:")) {
                throw DynamoDbException.resourceNotFound("ResourcArn", arn);
            }
            throw DynamoDbException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        String name = arn.substring(prefix.length());
        return db.findTable(name).orElseThrow(() -> DynamoDbException.resourceNotFound("ResourcArn", arn));
    }

    ObjectNode tagResource(Request r) {
        String arn = r.string("ResourceArn");
        List<Request> tags = r.objects("Tags");
        Constraints.check().notNull(arn, "resourceArn").notNull(tags, "tags").throwIfAny();
        Table table = tableByArn(arn);
        Map<String, String> added = tags(tags);
        db.updateTable(table.name(), s -> {
            Map<String, String> merged = new TreeMap<>(s.tags());
            merged.putAll(added);
            if (merged.size() > 50) {
                throw DynamoDbException.of("LimitExceededException", "The number of tags exceeds the limit of 50");
            }
            return s.withTags(merged);
        });
        return Request.response();
    }

    ObjectNode untagResource(Request r) {
        String arn = r.string("ResourceArn");
        List<String> keys = r.strings("TagKeys");
        Constraints.check().notNull(arn, "resourceArn").notNull(keys, "tagKeys").throwIfAny();
        Table table = tableByArn(arn);
        db.updateTable(table.name(), s -> {
            Map<String, String> remaining = new TreeMap<>(s.tags());
            keys.forEach(remaining::remove);
            return s.withTags(remaining);
        });
        return Request.response();
    }

    ObjectNode listTagsOfResource(Request r) {
        String arn = r.string("ResourceArn");
        Constraints.check().notNull(arn, "resourceArn").throwIfAny();
        String prefix = "arn:aws:dynamodb:" + db.region() + ":" + Database.ACCOUNT + ":table/";
        if (arn.startsWith(prefix) && db.findTable(arn.substring(prefix.length())).isEmpty()) {
            // DynamoDB will not say whether a resource it cannot show exists
            throw DynamoDbException.of("AccessDeniedException", "User: arn:aws:iam::" + Database.ACCOUNT
                    + ":user/local is not authorized to perform: dynamodb:ListTagsOfResource on resource: " + arn);
        }
        Table table = tableByArn(arn);
        ObjectNode response = Request.response();
        ArrayNode tags = response.putArray("Tags");
        table.schema().tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> tags.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        return response;
    }

    ObjectNode describeLimits(Request r) {
        ObjectNode response = Request.response();
        response.put("AccountMaxReadCapacityUnits", 80000).put("AccountMaxWriteCapacityUnits", 80000)
                .put("TableMaxReadCapacityUnits", 40000).put("TableMaxWriteCapacityUnits", 40000);
        return response;
    }

    ObjectNode describeEndpoints(Request r, String host) {
        ObjectNode response = Request.response();
        response.putArray("Endpoints").addObject().put("Address", host).put("CachePeriodInMinutes", 1440);
        return response;
    }
}
