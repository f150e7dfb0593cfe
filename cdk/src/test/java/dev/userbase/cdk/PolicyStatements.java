package dev.userbase.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Every policy statement of a template, with where it comes from. */
final class PolicyStatements {

    /** A statement and the resource (and its type) whose policy holds it. */
    record Found(String logicalId, String type, JsonNode statement) {

        List<String> actions() {
            return SynthesizedApp.strings(statement.get("Action"));
        }

        /** Resources with intrinsic functions flattened to text ({@code Fn::Join} parts joined). */
        List<String> resources() {
            List<String> flattened = new ArrayList<>();
            JsonNode resource = statement.get("Resource");
            if (resource == null) {
                return flattened;
            }
            if (resource.isArray()) {
                resource.forEach(r -> flattened.add(flatten(r)));
            } else {
                flattened.add(flatten(resource));
            }
            return flattened;
        }

        boolean allows() {
            return statement.path("Effect").asText().equals("Allow");
        }
    }

    private PolicyStatements() {
    }

    static List<Found> all(SynthesizedApp app) {
        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : app.resources("AWS::IAM::Policy").entrySet()) {
            add(found, e.getKey(), "AWS::IAM::Policy", e.getValue().at("/Properties/PolicyDocument"));
        }
        for (Map.Entry<String, JsonNode> e : app.resources("AWS::IAM::ManagedPolicy").entrySet()) {
            add(found, e.getKey(), "AWS::IAM::ManagedPolicy", e.getValue().at("/Properties/PolicyDocument"));
        }
        for (Map.Entry<String, JsonNode> e : app.resources("AWS::IAM::Role").entrySet()) {
            for (JsonNode policy : e.getValue().at("/Properties/Policies")) {
                add(found, e.getKey(), "AWS::IAM::Role", policy.get("PolicyDocument"));
            }
        }
        for (String type : List.of("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy")) {
            for (Map.Entry<String, JsonNode> e : app.resources(type).entrySet()) {
                add(found, e.getKey(), type, e.getValue().at("/Properties/PolicyDocument"));
            }
        }
        for (Map.Entry<String, JsonNode> e : app.resources("AWS::KMS::Key").entrySet()) {
            add(found, e.getKey(), "AWS::KMS::Key", e.getValue().at("/Properties/KeyPolicy"));
        }
        for (Map.Entry<String, JsonNode> e : app.resources("AWS::Logs::ResourcePolicy").entrySet()) {
            // A JSON string assembled with Fn::Join: join it (references become placeholders) and parse.
            String text = flatten(e.getValue().at("/Properties/PolicyDocument"));
            try {
                add(found, e.getKey(), "AWS::Logs::ResourcePolicy", SynthesizedApp.JSON.readTree(text));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return found;
    }

    /** The statements of the {@code AWS::IAM::Policy} resources attached to one role. */
    static List<Found> ofRole(SynthesizedApp app, String roleLogicalId) {
        List<Found> statements = new ArrayList<>();
        Map<String, JsonNode> policies = app.resources("AWS::IAM::Policy");
        for (Found found : all(app)) {
            if (!found.type().equals("AWS::IAM::Policy")) {
                continue;
            }
            for (JsonNode role : policies.get(found.logicalId()).at("/Properties/Roles")) {
                if (role.path("Ref").asText().equals(roleLogicalId)) {
                    statements.add(found);
                }
            }
        }
        return statements;
    }

    private static void add(List<Found> found, String logicalId, String type, JsonNode document) {
        for (JsonNode statement : document.path("Statement")) {
            found.add(new Found(logicalId, type, statement));
        }
    }

    /** Text of a value: strings as is, {@code Fn::Join} joined, other intrinsics as {@code <...>}. */
    static String flatten(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            StringBuilder text = new StringBuilder();
            String separator = join.get(0).asText();
            for (int i = 0; i < join.get(1).size(); i++) {
                if (i > 0) {
                    text.append(separator);
                }
                text.append(flatten(join.get(1).get(i)));
            }
            return text.toString();
        }
        if (value.has("Ref")) {
            return "<" + value.get("Ref").asText() + ">";
        }
        if (value.has("Fn::GetAtt")) {
            return "<" + value.get("Fn::GetAtt").get(0).asText() + "." + value.get("Fn::GetAtt").get(1).asText() + ">";
        }
        return "<" + value + ">";
    }
}
