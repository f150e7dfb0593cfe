package dev.userbase.core.migration;

import java.util.List;

import dev.userbase.core.table.IndexDefinition;
import dev.userbase.core.table.KeyAttribute;
import dev.userbase.core.table.TableDefinition;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The shape of the legacy users table the UserMigration trigger reads (the e-commerce {@code users}
 * table): partition key {@code userId}, GSI {@value #EMAIL_INDEX} on {@code email}, a bcrypt
 * {@code passwordHash}, {@code name}, {@code createdAt}, {@code updatedAt}. This project never
 * creates it in AWS (it is the team's existing table, named by {@link MigrationSettings}); the local
 * stack and the tests create it from this definition.
 */
public final class LegacyUsersTable {

    public static final String USER_ID = "userId";
    public static final String EMAIL = "email";
    public static final String PASSWORD_HASH = "passwordHash";
    public static final String NAME = "name";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** Optional: a row whose {@code status} is present and not {@code ACTIVE} is disabled. */
    public static final String STATUS = "status";
    /** Optional: a row with {@code disabled = true} is disabled. */
    public static final String DISABLED = "disabled";

    public static final String EMAIL_INDEX = "email-index";
    public static final String DEFAULT_NAME = "legacy-users";

    /** Only the keys are projected: the trigger reads the row itself, strongly consistent, by {@code userId}. */
    public static final TableDefinition DEFINITION = new TableDefinition(KeyAttribute.string(USER_ID), null,
            List.of(new IndexDefinition(EMAIL_INDEX, KeyAttribute.string(EMAIL), null, ProjectionType.KEYS_ONLY,
                    List.of())),
            null, null);

    private LegacyUsersTable() {
    }
}
