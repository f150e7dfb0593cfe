package dev.userbase.dynamodb.table;

/** A key attribute: its name and scalar type (S, N or B). */
public record KeyAttribute(String name, String type) {
}
