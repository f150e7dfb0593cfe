/**
 * The stores: one per item type of the users table (and of the tables beside it), each owning its
 * item's keys, the conditions that guard its writes and its state transitions, and handing back
 * typed reads (the records of {@code dev.userbase.core.model}) and typed transaction items. A
 * service holds only the order of steps: it never writes an expression, and it reaches DynamoDB
 * only through a store and the {@link dev.userbase.core.storage.TransactionRunner}.
 *
 * <p>Stores build every request with {@code dev.userbase.core.storage}; they never call services.
 */
package dev.userbase.core.store;
