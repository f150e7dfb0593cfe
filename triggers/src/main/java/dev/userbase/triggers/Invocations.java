package dev.userbase.triggers;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.signup.NewUser;

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

    /**
     * The user attributes of a Cognito event's {@code request} (each event class has its own request
     * class), empty when the request or its attributes are missing.
     */
    static <R> Map<String, String> userAttributes(R request, Function<R, Map<String, String>> attributes) {
        Map<String, String> found = request == null ? null : attributes.apply(request);
        return found == null ? Map.of() : found;
    }

    /** The user a confirmed or authenticated Cognito event names: its userName, sub, email and names. */
    static NewUser newUser(String userName, Map<String, String> attributes) {
        return new NewUser(userName, required(attributes, "sub"), attributes.get("email"),
                attributes.get("given_name"), attributes.get("family_name"));
    }

    /** A job's report as its answer: every component of the record by name, in declaration order. */
    static Map<String, Object> answer(Record report) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (RecordComponent component : report.getClass().getRecordComponents()) {
            try {
                result.put(component.getName(), component.getAccessor().invoke(report));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + report, e);
            }
        }
        return result;
    }

    static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the event has no " + name + " user attribute");
        }
        return value;
    }
}
