package dev.userbase.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class UserImportCsvTest {

    @Test
    void write_fillsTheIdentityColumnsInTheHeadersOrder_andLeavesTheRestEmpty() {
        StringWriter out = new StringWriter();

        int written = new UserImportCsv(UserImportCsv.DEFAULT_HEADER).write(List.of(
                new LegacyUser("u-1", "Mia.Chen@Example.com", "$2a$10$hash", "Mia Chen", false),
                new LegacyUser("u-2", "old@example.com", "$2a$10$hash", "Old Account", true),
                new LegacyUser("u-3", null, "$2a$10$hash", "No Email", false),
                new LegacyUser("u-4", "cher@example.com", null, "Cher, \"the\" singer", false)), out);

        assertThat(written).isEqualTo(2);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(String.join(",", UserImportCsv.DEFAULT_HEADER));
        assertThat(lines[1]).isEqualTo("Mia Chen,Mia,Chen,,,,,,,mia.chen@example.com,true,,,,,,,,,false,mia.chen@example.com");
        assertThat(lines[2]).startsWith("\"Cher, \"\"the\"\" singer\",\"Cher,\",\"\"\"the\"\" singer\",")
                .endsWith(",cher@example.com,true,,,,,,,,,false,cher@example.com");
        assertThat(out.toString()).doesNotContain("$2a$").doesNotContain("u-1");
    }

    @Test
    void aHeaderWithoutTheIdentityColumns_isRefused() {
        assertThatThrownBy(() -> new UserImportCsv(List.of("name", "email")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cognito:username");
    }
}
