package dev.userbase.dynamodb.expr;

/** The key attribute names of a table or index a key condition is checked against; range may be null. */
public record KeyNames(String hash, String range) {
}
