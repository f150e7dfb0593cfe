package dev.userbase.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a rule sends a matching event: an in-process consumer, a local function or an HTTP webhook.
 * Delivery is asynchronous, as EventBridge's is; a target that throws is retried, then given up on.
 */
@FunctionalInterface
interface EventTarget {

    /** @param event the event as EventBridge delivers it ({@code version, id, detail-type, source, ..., detail}) */
    void deliver(ObjectNode event) throws Exception;

    /** A short description for logs. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
