package dev.userbase.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.userbase.core.privacy.Pseudonyms;

/** The stack's generated keys: made once, owner-only, and the same at every later start; fresh in memory. */
class KeptSecretsTest {

    @TempDir
    Path dir;

    @Test
    void keep_createsTheKeyOnce_andEveryLaterStartReadsTheSameKey() throws Exception {
        String first = new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);
        String second = new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);
        String third = new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(Files.readString(dir.resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE)).strip()).isEqualTo(first);
        assertThat(Pseudonyms.withKey(second).of("erin-sub")).as("a usable key: same pseudonym after a restart")
                .isEqualTo(Pseudonyms.withKey(first).of("erin-sub"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);
        }
    }

    @Test
    void keep_writesTheFileForItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);

        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void keep_givesEachFileItsOwnKey() throws Exception {
        KeptSecrets secrets = new KeptSecrets(dir, false);

        assertThat(secrets.keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE))
                .isNotEqualTo(secrets.keep(LocalStack.CURSOR_SIGNING_KEY_FILE));
    }

    @Test
    void keep_replacesAnEmptyFile_leftByAStackKilledBeforeItWroteTheKey() throws Exception {
        Files.writeString(dir.resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE), "");

        String key = new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);

        assertThat(key).hasSizeGreaterThanOrEqualTo(32);
        assertThat(new KeptSecrets(dir, false).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE)).isEqualTo(key);
    }

    @Test
    void inMemory_aFreshKeyEachStart_andNoFile() throws Exception {
        String first = new KeptSecrets(dir, true).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);
        String second = new KeptSecrets(dir, true).keep(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);

        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(32);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
