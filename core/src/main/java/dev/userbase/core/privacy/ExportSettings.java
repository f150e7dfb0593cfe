package dev.userbase.core.privacy;

import java.time.Duration;

/**
 * Limits of an export.
 *
 * @param exportsPerWindow how many exports one caller may start per {@code window} (continuation pages are free)
 * @param window the rate limit's fixed window
 * @param followPageSize ids per page of the {@code following} and {@code followers} sections
 * @param auditPageSize entries per page of the {@code audit} section
 * @param timeBudget how long one response may spend reading before it answers with what it has and a cursor
 */
public record ExportSettings(int exportsPerWindow, Duration window, int followPageSize, int auditPageSize,
        Duration timeBudget) {

    public ExportSettings {
        if (exportsPerWindow < 1 || followPageSize < 1 || auditPageSize < 1) {
            throw new IllegalArgumentException("export limits must be positive");
        }
    }

    /**
     * Five exports an hour; 5,000 ids and 1,000 audit entries per page, so a response stays near
     * 0.5 MB at most (well inside Lambda's 6 MB response and API Gateway's 10 MB), and at most 5 s of
     * reads per response, half the API functions' 10 s timeout ({@code ApiFunction.TIMEOUT}): the
     * reads before the sections, the audit entry and the answer need the rest.
     */
    public static ExportSettings defaults() {
        return new ExportSettings(5, Duration.ofHours(1), 5_000, 1_000, Duration.ofSeconds(5));
    }
}
