package dev.userbase.core.error;

/** What is wrong with one field of a request: {@code field} is a JSON pointer-like path ("avatarUrl"). */
public record FieldError(String field, String message) {
}
