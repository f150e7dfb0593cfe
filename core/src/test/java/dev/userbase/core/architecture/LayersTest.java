package dev.userbase.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layers of core (docs/ARCHITECTURE.md, "Layers"): services over stores over the storage
 * mechanism over the SDK. Stores and storage never reach up; DynamoDB expression text is written
 * by the storage package alone.
 */
class LayersTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.userbase.core");

    /** The SDK builder methods that take expression text. */
    private static final Set<String> EXPRESSION_SETTERS = Set.of("conditionExpression", "updateExpression",
            "keyConditionExpression", "filterExpression", "projectionExpression");

    @Test
    void storage_dependsOnlyOnTheModelAndErrors() {
        classes().that().resideInAPackage("dev.userbase.core.storage..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.userbase.core.storage..",
                        "dev.userbase.core.model..", "dev.userbase.core.error..", "java..", "software.amazon.awssdk..")
                .check(CORE);
    }

    @Test
    void stores_dependOnlyOnStorageAndTheModel_neverOnServices() {
        classes().that().resideInAPackage("dev.userbase.core.store..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.userbase.core.store..",
                        "dev.userbase.core.storage..", "dev.userbase.core.model..", "dev.userbase.core.table..",
                        "dev.userbase.core.text..", "dev.userbase.core.error..", "java..", "software.amazon.awssdk..")
                .check(CORE);
    }

    @Test
    void expressionText_isWrittenByTheStoragePackageAlone() {
        noClasses().that().resideOutsideOfPackage("dev.userbase.core.storage..")
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("an SDK expression setter") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().getPackageName().startsWith("software.amazon.awssdk.services.dynamodb")
                                && EXPRESSION_SETTERS.contains(call.getName());
                    }
                })
                .check(CORE);
    }

    /**
     * Stores hand back typed values, never an item as stored: a service that needs a stored field
     * finds it on the model ({@code UserProfile.emailSyncFrom}), so no raw item crosses from a store
     * into a service. Keys (a store's static ones, a page's {@code lastEvaluatedKey}) are not items. The list of exceptions may only shrink.
     */
    @Test
    void stores_handBackNoRawItem() {
        Set<String> notYetTyped = Set.of("dev.userbase.core.store.ReconcileCheckpoints.find");
        List<String> raw = new ArrayList<>();
        for (JavaClass store : CORE.that(JavaClass.Predicates.resideInAPackage("dev.userbase.core.store.."))) {
            for (JavaMethod method : store.getMethods()) {
                if (!method.getModifiers().contains(JavaModifier.PUBLIC) || method.getModifiers().contains(JavaModifier.STATIC)
                        || method.getName().endsWith("Key")) {
                    continue;
                }
                String returned = method.reflect().getGenericReturnType().getTypeName();
                String name = store.getName() + "." + method.getName();
                if (returned.contains(AttributeValue.class.getName()) && !notYetTyped.contains(name)) {
                    raw.add(name + " returns " + returned);
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(raw).isEmpty();
        org.assertj.core.api.Assertions.assertThat(CORE.contain("dev.userbase.core.store.ReconcileCheckpoints")).isTrue();
    }

    @Test
    void corePackages_formNoCycle() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("dev.userbase.core.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
