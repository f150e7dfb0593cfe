package dev.userbase.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import dev.userbase.local.lambda.InvocationResult;
import dev.userbase.local.lambda.LocalFunction;

/** Invokes a local function with the event, as an EventBridge Lambda target does (asynchronously, retried on error). */
final class FunctionTarget implements EventTarget {

    private final LocalFunction function;

    public FunctionTarget(LocalFunction function) {
        this.function = function;
    }

    @Override
    public void deliver(ObjectNode event) {
        InvocationResult result = function.invoke(Json.bytes(event));
        if (result.failed()) {
            throw new IllegalStateException(function.name() + " failed: " + result.payloadText());
        }
    }

    @Override
    public String describe() {
        return "function " + function.name();
    }
}
