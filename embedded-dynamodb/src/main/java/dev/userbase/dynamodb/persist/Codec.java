package dev.userbase.dynamodb.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.IndexSchema;
import dev.userbase.dynamodb.table.KeyAttribute;
import dev.userbase.dynamodb.table.KeySchema;
import dev.userbase.dynamodb.table.TableSchema;
import dev.userbase.dynamodb.table.Throughput;

/** The journal's and snapshot's JSON for mutations and schemas (items in the wire format). */
final class Codec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Codec() {
    }

    static ObjectNode mutation(Mutation m) {
        ObjectNode n = NODES.objectNode();
        if (m instanceof Mutation.CreateTable c) {
            n.put("op", "create").set("schema", schema(c.schema()));
        } else if (m instanceof Mutation.UpdateTable u) {
            n.put("op", "update").put("at", u.atMillis()).set("schema", schema(u.schema()));
        } else if (m instanceof Mutation.DeleteTable d) {
            n.put("op", "delete").put("table", d.tableId()).put("at", d.atMillis());
        } else if (m instanceof Mutation.WriteItems w) {
            n.put("op", "write").put("seq", w.firstSequence()).put("at", w.atMillis());
            if (w.clientToken() != null) {
                n.put("token", w.clientToken()).put("fingerprint", w.tokenFingerprint());
            }
            ArrayNode writes = n.putArray("writes");
            for (Mutation.ItemWrite write : w.writes()) {
                ObjectNode x = writes.addObject();
                x.put("table", write.tableId());
                x.set("key", ValueCodec.encodeItem(write.key()));
                if (write.item() != null) {
                    x.set("item", ValueCodec.encodeItem(write.item()));
                }
                if (write.service()) {
                    x.put("service", true);
                }
            }
        }
        return n;
    }

    static Mutation mutation(JsonNode n) {
        switch (n.path("op").asText()) {
            case "create":
                return new Mutation.CreateTable(schema(n.get("schema")));
            case "update":
                return new Mutation.UpdateTable(schema(n.get("schema")), n.path("at").asLong());
            case "delete":
                return new Mutation.DeleteTable(n.get("table").asText(), n.path("at").asLong());
            case "write": {
                List<Mutation.ItemWrite> writes = new ArrayList<>();
                for (JsonNode x : n.get("writes")) {
                    writes.add(new Mutation.ItemWrite(x.get("table").asText(), item(x.get("key")),
                            x.has("item") ? item(x.get("item")) : null, x.path("service").asBoolean(false)));
                }
                return new Mutation.WriteItems(n.get("seq").asLong(), n.get("at").asLong(), writes,
                        n.has("token") ? n.get("token").asText() : null, n.has("fingerprint") ? n.get("fingerprint").asText() : null);
            }
            default:
                throw new IllegalArgumentException("unknown journal entry: " + n.path("op").asText());
        }
    }

    static Map<String, Value> item(JsonNode n) {
        return ValueCodec.decodeItem(n);
    }

    static ObjectNode schema(TableSchema s) {
        ObjectNode n = NODES.objectNode();
        n.put("name", s.name()).put("id", s.id()).put("arn", s.arn()).put("createdAt", s.createdAt());
        n.set("keys", keys(s.keys()));
        ObjectNode attributes = n.putObject("attributes");
        s.attributes().forEach(attributes::put);
        ArrayNode indexes = n.putArray("indexes");
        for (IndexSchema i : s.indexes()) {
            ObjectNode x = indexes.addObject();
            x.put("name", i.name()).put("global", i.global()).put("projection", i.projectionType()).put("status", i.status());
            x.set("keys", keys(i.keys()));
            ArrayNode nonKey = x.putArray("nonKey");
            i.nonKeyAttributes().forEach(nonKey::add);
            x.set("throughput", throughput(i.throughput()));
        }
        n.put("billing", s.billingMode());
        n.set("throughput", throughput(s.throughput()));
        putNullable(n, "streamView", s.streamViewType());
        putNullable(n, "streamLabel", s.streamLabel());
        putNullable(n, "ttl", s.ttlAttribute());
        n.put("deletionProtection", s.deletionProtection());
        putNullable(n, "tableClass", s.tableClass());
        ObjectNode tags = n.putObject("tags");
        s.tags().forEach(tags::put);
        return n;
    }

    static TableSchema schema(JsonNode n) {
        Map<String, String> attributes = new LinkedHashMap<>();
        n.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        List<IndexSchema> indexes = new ArrayList<>();
        for (JsonNode x : n.get("indexes")) {
            List<String> nonKey = new ArrayList<>();
            x.get("nonKey").forEach(a -> nonKey.add(a.asText()));
            indexes.add(new IndexSchema(x.get("name").asText(), x.get("global").asBoolean(), keys(x.get("keys")),
                    x.get("projection").asText(), nonKey, throughput(x.get("throughput")), x.get("status").asText()));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new TableSchema(n.get("name").asText(), n.get("id").asText(), n.get("arn").asText(),
                n.get("createdAt").asDouble(), keys(n.get("keys")), attributes, indexes, n.get("billing").asText(),
                throughput(n.get("throughput")), text(n, "streamView"), text(n, "streamLabel"), text(n, "ttl"),
                n.path("deletionProtection").asBoolean(false), text(n, "tableClass"), tags);
    }

    private static ObjectNode keys(KeySchema k) {
        ObjectNode n = NODES.objectNode();
        n.put("hash", k.hash().name()).put("hashType", k.hash().type());
        if (k.range() != null) {
            n.put("range", k.range().name()).put("rangeType", k.range().type());
        }
        return n;
    }

    private static KeySchema keys(JsonNode n) {
        return new KeySchema(new KeyAttribute(n.get("hash").asText(), n.get("hashType").asText()),
                n.has("range") ? new KeyAttribute(n.get("range").asText(), n.get("rangeType").asText()) : null);
    }

    private static ObjectNode throughput(Throughput t) {
        return NODES.objectNode().put("read", t.read()).put("write", t.write()).put("lastIncrease", t.lastIncrease())
                .put("lastDecrease", t.lastDecrease()).put("decreases", t.decreasesToday());
    }

    private static Throughput throughput(JsonNode n) {
        return new Throughput(n.get("read").asLong(), n.get("write").asLong(), n.path("lastIncrease").asDouble(),
                n.path("lastDecrease").asDouble(), n.path("decreases").asInt());
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
