package dev.userbase.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * What an invocation returned, as the Invoke API reports it: the payload, and for a failed
 * invocation {@code functionError} ("Unhandled") with the error document as the payload.
 */
public record InvocationResult(String requestId, byte[] payload, String functionError) {

    public static final String UNHANDLED = "Unhandled";

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
