package dev.userbase.api.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.api.http.Json;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.emailchange.EmailChangeMessage;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Timestamps;

/**
 * Off AWS (the local stack, tests), email-change confirmations are "sent" by writing one JSON file
 * per message into an outbox folder ({@code EMAIL_OUTBOX_DIR}, default {@code .local/outbox}),
 * readable only by the owner: {@code {"to": …, "userId": …, "token": …, "expiresAt": …}}. A
 * developer (or an end-to-end test) reads the token from there, as the owner of the address would
 * read it from their mailbox.
 */
final class OutboxEmailChangeDelivery implements EmailChangeDelivery {

    private final Path directory;

    public OutboxEmailChangeDelivery(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void deliver(EmailChangeMessage message) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("kind", "email-change")
                .put("to", message.to())
                .put("userId", message.userId())
                .put("token", message.token())
                .put("expiresAt", Timestamps.format(message.expiresAt()));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(System.currentTimeMillis() + "-" + UUID.randomUUID() + ".json");
            byte[] bytes = Json.MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("outbox file name collision", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an outbox message", e);
        } catch (IOException e) {
            throw new UserServiceException(ErrorKind.UNAVAILABLE, "The confirmation email could not be sent; please try again", e);
        }
    }
}
