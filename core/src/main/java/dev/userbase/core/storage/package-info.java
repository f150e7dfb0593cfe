/**
 * The storage mechanism every store uses: one expression builder ({@link dev.userbase.core.storage.Condition},
 * {@link dev.userbase.core.storage.UpdateExpression}, {@link dev.userbase.core.storage.KeyCondition},
 * {@link dev.userbase.core.storage.Projection}), one way to call a table ({@link dev.userbase.core.storage.Table}),
 * one transaction runner that classifies cancellations ({@link dev.userbase.core.storage.TransactionRunner},
 * {@link dev.userbase.core.storage.Cancellation}) and one retry policy ({@link dev.userbase.core.storage.RetryPolicy}).
 *
 * <p>No DynamoDB expression text is written outside this package. It knows nothing of item types:
 * the stores in {@code dev.userbase.core.store} own keys, conditions and state transitions on top of it.
 */
package dev.userbase.core.storage;
