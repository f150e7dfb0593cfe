package dev.userbase.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.deploy.StackOutput;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The outputs of a deployment, by {@link StackOutput} key: from CloudFormation ({@code DescribeStacks})
 * for a deployed stack, from {@code .local/outputs.json} for the local stack, which writes the same keys
 * (with {@code null} where it has no counterpart, such as the alarm topic).
 */
public final class StackOutputs {

    /** Stack states in which the last deployment completed; anything else is not a stage to test. */
    static final List<StackStatus> DEPLOYED = List.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE,
            StackStatus.IMPORT_COMPLETE);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, String> values;

    StackOutputs(String source, Map<String, String> values) {
        this.source = source;
        this.values = new LinkedHashMap<>(values);
    }

    /** The outputs of {@code stackName}, which must be in a completed, not rolled-back, state. */
    public static StackOutputs fromCloudFormation(CloudFormationClient cloudFormation, String stackName) {
        Stack stack;
        try {
            List<Stack> stacks = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks();
            if (stacks.isEmpty()) {
                throw new SmokeTestException("no stack " + stackName);
            }
            stack = stacks.get(0);
        } catch (CloudFormationException e) {
            // DescribeStacks answers a ValidationError for a stack that does not exist.
            throw new SmokeTestException("cannot read the stack " + stackName + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
        }
        if (!DEPLOYED.contains(stack.stackStatus())) {
            throw new SmokeTestException("the stack " + stackName + " is " + stack.stackStatusAsString()
                    + (stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason() + ")")
                    + ": its last deployment did not complete");
        }
        Map<String, String> values = new LinkedHashMap<>();
        stack.outputs().forEach(output -> values.put(output.outputKey(), output.outputValue()));
        return new StackOutputs("stack " + stackName, values);
    }

    /** {@code outputs.json} of the local stack: one JSON object, output key to value (or null). */
    public static StackOutputs fromFile(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SmokeTestException("cannot read " + file + " (is the local stack running?): " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new SmokeTestException(file + " is not a JSON object of stack outputs");
        }
        Map<String, String> values = new LinkedHashMap<>();
        json.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                values.put(e.getKey(), e.getValue().asText());
            }
        });
        return new StackOutputs(file.toString(), values);
    }

    /** The value of {@code output}; a missing or blank one is a deployment the smoke test cannot run against. */
    public String require(StackOutput output) {
        String value = values.get(output.key());
        if (value == null || value.isBlank()) {
            throw new SmokeTestException(source + " has no output " + output.key() + " (" + output.description()
                    + "): deploy the current version of the stack");
        }
        return value;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    @Override
    public String toString() {
        return source;
    }
}
