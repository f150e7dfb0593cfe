package dev.userbase.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The stack's generated keys (the cursor signing key, the audit pseudonym key), each kept in a file
 * of the data directory: created once with 32 random bytes (base64, 44 characters), readable by its
 * owner only where the file system has POSIX permissions, and read back at every later start, so
 * what the key signed or hashed stays valid across restarts (cursors, erased users' audit
 * pseudonyms). An in-memory stack keeps no data, so it gets a fresh key and writes no file.
 */
final class KeptSecrets {

    private final Path directory;
    private final boolean inMemory;

    KeptSecrets(Path directory, boolean inMemory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.inMemory = inMemory;
    }

    /** The key kept in {@code directory/fileName}, created if there is none. */
    String keep(String fileName) throws IOException {
        if (inMemory) {
            return generate();
        }
        Path file = directory.resolve(fileName);
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String key = generate();
        Files.createDirectories(directory);
        Path written = directory.resolve(fileName + ".new");
        Files.deleteIfExists(written);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(written);
        }
        Files.writeString(written, key + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // whole or not at all: a stack killed while writing leaves no half key to be read next time
            Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return key;
    }

    private static String generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
