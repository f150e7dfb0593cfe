package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.DynamoDbException.CancellationReason;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.ops.Constraints;
import dev.userbase.dynamodb.ops.Operations;
import dev.userbase.dynamodb.ops.Request;

/**
 * DynamoDB's PartiQL API: {@code ExecuteStatement}, {@code BatchExecuteStatement} and
 * {@code ExecuteTransaction}. Each statement is parsed, translated into the request of the engine's
 * own operation that does the same (Query or Scan, GetItem, PutItem, UpdateItem, DeleteItem,
 * TransactGetItems, TransactWriteItems) and run through it, so a statement means exactly what that
 * operation means: the same conditions, capacity, streams, transactions and errors.
 *
 * <pre>
 * Operations operations = new Operations(...);
 * PartiQl.register(operations);
 * </pre>
 */
public final class PartiQl {

    /** The operations this class adds. */
    public static final List<String> OPERATIONS = List.of("ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    private static final int MAX_STATEMENT = 8192;
    private static final int MAX_BATCH = 25;
    private static final int MAX_TRANSACTION = 100;

    private final Backend backend;

    PartiQl(Backend backend) {
        this.backend = backend;
    }

    /** Adds ExecuteStatement, BatchExecuteStatement and ExecuteTransaction to {@code operations}. */
    public static void register(Operations operations) {
        PartiQl partiQl = new PartiQl((operation, request) -> operations.call("DynamoDB_20120810", operation, request));
        operations.register("ExecuteStatement", partiQl::executeStatement);
        operations.register("BatchExecuteStatement", partiQl::batchExecuteStatement);
        operations.register("ExecuteTransaction", partiQl::executeTransaction);
    }

    private ObjectNode call(String operation, ObjectNode request) {
        try {
            return backend.call(operation, request);
        } catch (DynamoDbException e) {
            throw Errors.fromEngine(e);
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    // ---- ExecuteStatement

    ObjectNode executeStatement(JsonNode node) {
        Request r = new Request(node);
        String statement = r.string("Statement");
        JsonNode parameters = r.array("Parameters");
        Long limit = r.integral("Limit");
        String nextToken = r.string("NextToken");
        String capacity = r.string("ReturnConsumedCapacity");
        String onFailure = r.string("ReturnValuesOnConditionCheckFailure");
        Boolean consistent = r.bool("ConsistentRead");
        Constraints.check().notNull(statement, "statement").length(statement, 1, MAX_STATEMENT, "statement")
                .size(parameters, 1, Integer.MAX_VALUE, "parameters").min(limit, 1, "limit")
                .length(nextToken, 1, 32768, "nextToken").returnConsumedCapacity(capacity)
                .returnValuesOnConditionCheckFailure(onFailure).throwIfAny();
        Ast.Statement parsed = Parser.parse(statement, Parameters.decode(parameters));
        if (parsed instanceof Ast.Exists) {
            throw Errors.validation("EXISTS is supported only in ExecuteTransaction");
        }
        TableInfo table = TableInfo.describe(backend, parsed.table());
        if (parsed instanceof Ast.Select select) {
            Translator.Read read = Translator.select(select, table);
            ObjectNode request = read.request();
            if (limit != null) {
                request.put("Limit", limit);
            }
            if (consistent != null) {
                request.put("ConsistentRead", consistent);
            }
            if (capacity != null) {
                request.put("ReturnConsumedCapacity", capacity);
            }
            String fingerprint = Results.fingerprint(statement, parameters);
            if (nextToken != null) {
                request.set("ExclusiveStartKey", Results.startKey(nextToken, fingerprint));
            }
            ObjectNode page = call(read.operation(), request);
            ObjectNode response = object();
            ArrayNode items = response.putArray("Items");
            page.path("Items").forEach(item -> items.add(Results.project(item, read.projection())));
            JsonNode last = page.get("LastEvaluatedKey");
            if (last != null) {
                response.put("NextToken", Results.nextToken(fingerprint, last));
                response.set("LastEvaluatedKey", last);
            }
            copy(page, response, "ConsumedCapacity");
            return response;
        }
        Write write = write(parsed, table);
        if (capacity != null) {
            write.request().put("ReturnConsumedCapacity", capacity);
        }
        if (onFailure != null && !(parsed instanceof Ast.Insert)) {
            write.request().put("ReturnValuesOnConditionCheckFailure", onFailure);
        }
        ObjectNode result = run(write);
        ObjectNode response = object();
        ArrayNode items = response.putArray("Items");
        JsonNode attributes = result.get("Attributes");
        if (attributes != null && !attributes.isEmpty()) {
            items.add(attributes);
        }
        copy(result, response, "ConsumedCapacity");
        return response;
    }

    /** A write statement as the request of the operation that does it. */
    private record Write(String operation, ObjectNode request, boolean insert) {
    }

    private static Write write(Ast.Statement statement, TableInfo table) {
        if (statement instanceof Ast.Insert insert) {
            return new Write("PutItem", Translator.insert(insert, table), true);
        }
        if (statement instanceof Ast.Update update) {
            return new Write("UpdateItem", Translator.update(update, table), false);
        }
        if (statement instanceof Ast.Delete delete) {
            return new Write("DeleteItem", Translator.delete(delete, table), false);
        }
        throw new IllegalArgumentException("not a write: " + statement);
    }

    /** Runs a write; an INSERT whose key exists is DynamoDB's DuplicateItemException. */
    private ObjectNode run(Write write) {
        try {
            return call(write.operation(), write.request());
        } catch (DynamoDbException e) {
            if (write.insert() && "ConditionalCheckFailedException".equals(e.type())) {
                throw Errors.duplicateItem();
            }
            throw e;
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String member) {
        JsonNode v = from.get(member);
        if (v != null && !v.isNull()) {
            to.set(member, v);
        }
    }

    // ---- BatchExecuteStatement

    /** One statement of a batch or transaction, parsed; {@code error} set instead when it could not be. */
    private record Parsed(Ast.Statement statement, JsonNode request, DynamoDbException error) {
    }

    ObjectNode batchExecuteStatement(JsonNode node) {
        Request r = new Request(node);
        JsonNode statements = r.array("Statements");
        String capacity = r.string("ReturnConsumedCapacity");
        Constraints.check().notNull(statements, "statements").size(statements, 1, MAX_BATCH, "statements")
                .returnConsumedCapacity(capacity).throwIfAny();
        List<Parsed> parsed = new ArrayList<>();
        boolean reads = false;
        boolean writes = false;
        for (JsonNode entry : statements) {
            Parsed p;
            try {
                p = new Parsed(parseMember(entry, "statements"), entry, null);
            } catch (DynamoDbException e) {
                p = new Parsed(null, entry, e);
            }
            parsed.add(p);
            if (p.statement() instanceof Ast.Select) {
                reads = true;
            } else if (p.statement() != null) {
                writes = true;
            }
        }
        if (reads && writes) {
            throw Errors.validation("BatchExecuteStatement API does not support both read and write operations in the same request.");
        }
        ObjectNode response = object();
        ArrayNode responses = response.putArray("Responses");
        Map<String, ObjectNode> consumed = new LinkedHashMap<>();
        for (Parsed p : parsed) {
            ObjectNode entry = responses.addObject();
            try {
                if (p.error() != null) {
                    throw p.error();
                }
                batchMember(p, capacity, entry, consumed);
            } catch (DynamoDbException e) {
                entry.removeAll();
                ObjectNode error = entry.putObject("Error");
                error.put("Code", Errors.batchCode(e));
                if (e.getMessage() != null) {
                    error.put("Message", e.getMessage());
                }
                e.item().ifPresent(item -> error.set("Item", ValueCodec.encodeItem(item)));
                if (p.statement() != null) {
                    entry.put("TableName", p.statement().table());
                }
            }
        }
        if (capacity != null && !"NONE".equals(capacity)) {
            response.set("ConsumedCapacity", Results.capacityList(consumed));
        }
        return response;
    }

    private void batchMember(Parsed p, String capacity, ObjectNode entry, Map<String, ObjectNode> consumed) {
        Ast.Statement statement = p.statement();
        if (statement instanceof Ast.Exists) {
            throw Errors.validation("EXISTS is supported only in ExecuteTransaction");
        }
        TableInfo table = TableInfo.describe(backend, statement.table());
        JsonNode member = p.request();
        ObjectNode result;
        List<Ast.PathRef> projection = List.of();
        if (statement instanceof Ast.Select select) {
            Translator.Read read = Translator.keyRead(select, table);
            if (read == null) {
                throw Errors.validation("Select statements within BatchExecuteStatement must specify the primary key in the where clause.");
            }
            Boolean consistent = new Request(member).bool("ConsistentRead");
            if (consistent != null) {
                read.request().put("ConsistentRead", consistent);
            }
            if (capacity != null) {
                read.request().put("ReturnConsumedCapacity", capacity);
            }
            result = call(read.operation(), read.request());
            projection = read.projection();
            entry.put("TableName", table.name());
            JsonNode item = result.get("Item");
            if (item != null) {
                entry.set("Item", Results.project(item, projection));
            }
        } else {
            Write write = write(statement, table);
            String onFailure = onConditionFailure(member);
            if (onFailure != null && !write.insert()) {
                write.request().put("ReturnValuesOnConditionCheckFailure", onFailure);
            }
            if (capacity != null) {
                write.request().put("ReturnConsumedCapacity", capacity);
            }
            result = run(write);
            entry.put("TableName", table.name());
            JsonNode attributes = result.get("Attributes");
            if (attributes != null && !attributes.isEmpty()) {
                entry.set("Item", attributes);
            }
        }
        Results.addCapacity(consumed, result.get("ConsumedCapacity"));
    }

    /** The Statement of a batch or transaction member, with its own Parameters bound. */
    private static Ast.Statement parseMember(JsonNode member, String list) {
        Member m = member(member, list);
        return Parser.parse(m.statement(), m.parameters());
    }

    /** A batch or transaction member's Statement and Parameters, checked and decoded. */
    private record Member(String statement, List<Value> parameters) {
    }

    private static Member member(JsonNode member, String list) {
        if (member == null || !member.isObject()) {
            throw DynamoDbException.unexpectedType(list);
        }
        Request r = new Request(member);
        String statement = r.string("Statement");
        JsonNode parameters = r.array("Parameters");
        Constraints.check().notNull(statement, list + ".member.statement")
                .length(statement, 1, MAX_STATEMENT, list + ".member.statement")
                .size(parameters, 1, Integer.MAX_VALUE, list + ".member.parameters").throwIfAny();
        return new Member(statement, Parameters.decode(parameters));
    }

    /** A member's ReturnValuesOnConditionCheckFailure, checked. */
    private static String onConditionFailure(JsonNode member) {
        String onFailure = new Request(member).string("ReturnValuesOnConditionCheckFailure");
        Constraints.check().returnValuesOnConditionCheckFailure(onFailure).throwIfAny();
        return onFailure;
    }

    // ---- ExecuteTransaction

    ObjectNode executeTransaction(JsonNode node) {
        Request r = new Request(node);
        JsonNode statements = r.array("TransactStatements");
        String token = r.string("ClientRequestToken");
        String capacity = r.string("ReturnConsumedCapacity");
        Constraints.check().notNull(statements, "transactStatements").size(statements, 1, MAX_TRANSACTION, "transactStatements")
                .length(token, 1, 36, "clientRequestToken").returnConsumedCapacity(capacity).throwIfAny();
        List<Ast.Statement> parsed = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Member m = member(statements.get(i), "transactStatements");
            Ast.Statement s;
            try {
                s = Parser.parse(m.statement(), m.parameters());
            } catch (DynamoDbException e) {
                throw inStatement(i, e);
            }
            if ((s instanceof Ast.Update u && u.returning() != null) || (s instanceof Ast.Delete d && d.returning() != null)) {
                throw inStatement(i, Errors.validation("RETURNING clause is not supported in ExecuteTransaction."));
            }
            parsed.add(s);
        }
        long selects = parsed.stream().filter(s -> s instanceof Ast.Select).count();
        if (selects > 0 && selects < parsed.size()) {
            throw Errors.validation("ExecuteTransaction API does not support both read and write operations in the same request.");
        }
        ObjectNode request = object();
        ArrayNode items = request.putArray("TransactItems");
        if (capacity != null) {
            request.put("ReturnConsumedCapacity", capacity);
        }
        if (selects > 0) {
            List<List<Ast.PathRef>> projections = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                Ast.Select select = (Ast.Select) parsed.get(i);
                TableInfo table = TableInfo.describe(backend, select.table());
                Translator.Read read;
                try {
                    read = Translator.keyRead(select, table);
                } catch (DynamoDbException e) {
                    throw inStatement(i, e);
                }
                if (read == null) {
                    throw inStatement(i, Errors.validation(
                            "Select statements within ExecuteTransaction must specify the primary key in the where clause."));
                }
                items.addObject().set("Get", read.request());
                projections.add(read.projection());
            }
            ObjectNode result = call("TransactGetItems", request);
            ObjectNode response = object();
            ArrayNode responses = response.putArray("Responses");
            JsonNode got = result.path("Responses");
            for (int i = 0; i < got.size(); i++) {
                ObjectNode entry = responses.addObject();
                JsonNode item = got.get(i).get("Item");
                if (item != null) {
                    entry.set("Item", Results.project(item, projections.get(i)));
                }
            }
            copy(result, response, "ConsumedCapacity");
            return response;
        }
        List<Boolean> inserts = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Ast.Statement s = parsed.get(i);
            TableInfo table = TableInfo.describe(backend, s.table());
            String member;
            ObjectNode body;
            try {
                if (s instanceof Ast.Exists exists) {
                    member = "ConditionCheck";
                    body = Translator.conditionCheck(exists, table);
                } else {
                    Write write = write(s, table);
                    member = switch (write.operation()) {
                        case "PutItem" -> "Put";
                        case "UpdateItem" -> "Update";
                        default -> "Delete";
                    };
                    body = write.request();
                }
            } catch (DynamoDbException e) {
                throw "ValidationException".equals(e.type()) ? inStatement(i, e) : e;
            }
            String onFailure = onConditionFailure(statements.get(i));
            if (onFailure != null) {
                body.put("ReturnValuesOnConditionCheckFailure", onFailure);
            }
            items.addObject().set(member, body);
            inserts.add(s instanceof Ast.Insert);
        }
        if (token != null) {
            request.put("ClientRequestToken", token);
        }
        ObjectNode result;
        try {
            result = call("TransactWriteItems", request);
        } catch (DynamoDbException e) {
            if (!"TransactionCanceledException".equals(e.type())) {
                throw e;
            }
            throw cancelled(e, inserts);
        }
        ObjectNode response = object();
        response.putArray("Responses");
        copy(result, response, "ConsumedCapacity");
        return response;
    }

    private static DynamoDbException inStatement(int index, DynamoDbException e) {
        if (!"ValidationException".equals(e.type())) {
            return e;
        }
        return Errors.validation("Validation failed in TransactStatements[" + index + "]: " + e.getMessage());
    }

    /** The cancellation reasons as a PartiQL transaction gives them: an INSERT's failed condition is DuplicateItem. */
    private static DynamoDbException cancelled(DynamoDbException e, List<Boolean> inserts) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < e.reasons().size(); i++) {
            CancellationReason reason = e.reasons().get(i);
            if (i < inserts.size() && inserts.get(i) && "ConditionalCheckFailed".equals(reason.code())) {
                reasons.add(new CancellationReason("DuplicateItem", Errors.DUPLICATE_ITEM, Optional.empty()));
            } else {
                reasons.add(new CancellationReason(reason.code(), Errors.strip(reason.message()), reason.item()));
            }
        }
        return DynamoDbException.transactionCanceled(reasons);
    }
}
