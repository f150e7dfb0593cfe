/**
 * DynamoDB's PartiQL API ({@code ExecuteStatement}, {@code BatchExecuteStatement},
 * {@code ExecuteTransaction}) on top of the engine's own operations. {@link dev.userbase.dynamodb.partiql.PartiQl}
 * is the one public class; the lexer, parser and translator are package-private.
 *
 * <p>A statement is parsed (with its {@code ?} parameters bound), translated into the request JSON
 * of the operation that does the same thing, with generated {@code #n0}/{@code :v0} placeholders,
 * and run through {@link dev.userbase.dynamodb.ops.Operations#call}: PartiQL adds no storage or
 * evaluation of its own, so conditions, capacity, streams and transactions behave exactly as
 * through the item API.
 */
package dev.userbase.dynamodb.partiql;
