package dev.userbase.stream;

import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Crashes a handler at a chosen SDK call, as if its Lambda container died there: either before the
 * request is sent (nothing applied) or after DynamoDB applied it but before the handler saw the
 * response. Exceptions thrown here are not retried by the SDK.
 */
final class CrashInjector implements ExecutionInterceptor {

    /**
     * A crash the test injected: an {@link Error}, as the death of the container is, so no handler
     * code that handles failures ({@code catch (RuntimeException e)}) can absorb it.
     */
    static final class InjectedCrash extends Error {
        private static final long serialVersionUID = 1L;

        InjectedCrash(String message) {
            super(message);
        }
    }

    enum When { BEFORE_SEND, AFTER_APPLY }

    /** Decides, for the n-th call since the plan was armed, whether and how to crash ({@code null}: no crash). */
    @FunctionalInterface
    interface Plan {
        When crashAt(int call);
    }

    private static final ExecutionAttribute<When> CRASH = new ExecutionAttribute<>("crash-injector-crash");

    private final AtomicInteger totalCalls = new AtomicInteger();
    private final AtomicInteger armedCalls = new AtomicInteger();
    private volatile Plan plan = call -> null;
    private volatile When carriedOver;

    /** Starts counting calls from 1 again, crashing as the plan says. */
    void arm(Plan newPlan) {
        armedCalls.set(0);
        carriedOver = null;
        plan = newPlan;
    }

    void disarm() {
        arm(call -> null);
    }

    /** Calls made since this injector was created. */
    int totalCalls() {
        return totalCalls.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        totalCalls.incrementAndGet();
        int call = armedCalls.incrementAndGet();
        When when = carriedOver != null ? carriedOver : plan.crashAt(call);
        carriedOver = null;
        if (when == When.BEFORE_SEND) {
            throw new InjectedCrash("crash before call " + call + " (" + name(context) + ")");
        }
        attributes.putAttribute(CRASH, when);
    }

    /** A call meant to crash after it was applied failed by itself (nothing applied): crash at the next one. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(CRASH) == When.AFTER_APPLY && !(context.exception() instanceof InjectedCrash)) {
            carriedOver = When.AFTER_APPLY;
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(CRASH) == When.AFTER_APPLY) {
            throw new InjectedCrash("crash after " + name(context) + " was applied");
        }
    }

    private static String name(Context.BeforeExecution context) {
        return context.request().getClass().getSimpleName();
    }
}
