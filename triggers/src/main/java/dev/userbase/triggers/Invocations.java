package dev.userbase.triggers;

import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.Context;

import dev.userbase.core.model.ChangeContext;

/** Small helpers every trigger uses to read an invocation. */
final class Invocations {

    private Invocations() {
    }

    /** The change stamp of a trigger's writes: {@code system:<trigger>} and the Lambda request id. */
    static ChangeContext changeContext(String component, Context context) {
        String requestId = context == null || context.getAwsRequestId() == null
                ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
        return ChangeContext.system(component, requestId);
    }

    static Map<String, String> orEmpty(Map<String, String> attributes) {
        return attributes == null ? Map.of() : attributes;
    }

    static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the event has no " + name + " user attribute");
        }
        return value;
    }
}
