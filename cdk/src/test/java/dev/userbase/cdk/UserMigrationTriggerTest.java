package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.userbase.core.migration.MigrationSettings;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The UserMigration trigger: present only with {@code -c legacyUsersTable=NAME}, read-only on that table. */
class UserMigrationTriggerTest {

    private static Template withLegacy;
    private static Template without;

    @BeforeAll
    static void synthesize() {
        withLegacy = UserDirectoryTest.directory(
                TestInputs.settings(Map.of(DeploymentSettings.LEGACY_USERS_TABLE, "shop-users")));
        without = UserDirectoryTest.directory(TestInputs.devSettings());
    }

    @Test
    void withALegacyTable_theTriggerIsTheMigrationFunctionsAlias_withinCognitosFiveSeconds() {
        Map<String, Object> config = UserDirectoryTest.lambdaConfig(withLegacy);
        assertThat(config).containsKey("UserMigration");
        @SuppressWarnings("unchecked")
        String alias = (String) ((Map<String, Object>) config.get("UserMigration")).get("Ref");
        assertThat(withLegacy.findResources("AWS::Lambda::Alias")).containsKey(alias);
        withLegacy.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Handlers.USER_MIGRATION,
                "Timeout", 5,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        MigrationSettings.LEGACY_USERS_TABLE, "shop-users",
                        MigrationSettings.LEGACY_USERS_EMAIL_INDEX, "email-index"))))));
        // legacy users sign in with USER_PASSWORD_AUTH: SRP never shows the trigger the password
        withLegacy.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
                "ExplicitAuthFlows", Match.arrayWith(List.of("ALLOW_USER_PASSWORD_AUTH")))));
    }

    @Test
    void withALegacyTable_theFunctionReadsOnlyThatTableByKeyAndItsEmailIndex() {
        List<String> legacyStatements = new java.util.ArrayList<>();
        for (Map<String, Object> policy : withLegacy.findResources("AWS::IAM::Policy").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
                    .get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                if (statement.toString().contains("shop-users")) {
                    legacyStatements.add(statement.toString());
                }
            }
        }
        assertThat(legacyStatements).hasSize(2);
        assertThat(legacyStatements).anySatisfy(statement -> assertThat(statement)
                .contains("Action=dynamodb:GetItem").contains(":table/shop-users]").doesNotContain("index"));
        assertThat(legacyStatements).anySatisfy(statement -> assertThat(statement)
                .contains("Action=dynamodb:Query").contains(":table/shop-users/index/email-index]"));
        assertThat(String.join("\n", legacyStatements)).doesNotContain("PutItem").doesNotContain("UpdateItem")
                .doesNotContain("DeleteItem").doesNotContain("BatchWriteItem").doesNotContain("Scan")
                .doesNotContain("/*");
    }

    @Test
    void withoutALegacyTable_thereIsNoMigrationTriggerAndNoPasswordAuthFlow() {
        without.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Handler", Handlers.USER_MIGRATION), 0);
        String json = without.toJSON().toString();
        assertThat(json).doesNotContain("UserMigration").doesNotContain("ALLOW_USER_PASSWORD_AUTH");
    }

    @Test
    void legacyTableName_mustBeATableName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        TestInputs.settings(Map.of(DeploymentSettings.LEGACY_USERS_TABLE, "no spaces*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("legacyUsersTable");
    }
}
