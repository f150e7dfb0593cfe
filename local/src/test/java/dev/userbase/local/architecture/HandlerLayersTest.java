package dev.userbase.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The top of the layers (docs/ARCHITECTURE.md, "Layers"): handlers call services, never stores or the
 * storage mechanism. Checked here because this is the one module that sees all three handler modules.
 * The storage package's cross-cutting pieces a handler may name are the replaceable {@code Sleeper}
 * and the cancellation classification the problem mapper uses; the one adapter a library calls into
 * (Powertools idempotency's persistence store, which links each record to its user for erasure) is
 * named below.
 */
class HandlerLayersTest {

    private static final JavaClasses HANDLERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.userbase.api", "dev.userbase.triggers", "dev.userbase.stream");

    private static final Set<String> ALLOWED_STORAGE = Set.of(
            "dev.userbase.core.storage.Sleeper", "dev.userbase.core.storage.Cancellation");

    /** Powertools' persistence store and the creation that builds it: a library's hook into the idempotency records. */
    private static final Set<String> LIBRARY_ADAPTERS = Set.of(
            "dev.userbase.api.LinkingPersistenceStore", "dev.userbase.api.IdempotentUserCreation");

    @Test
    void handlers_neverReachPastTheServices() {
        noClasses().that(new DescribedPredicate<JavaClass>("are not the idempotency library's adapter") {
            @Override
            public boolean test(JavaClass c) {
                return LIBRARY_ADAPTERS.stream().noneMatch(a -> c.getName().equals(a) || c.getName().startsWith(a + "$"));
            }
        }).should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are stores or storage mechanism") {
            @Override
            public boolean test(JavaClass c) {
                String pkg = c.getPackageName();
                return pkg.equals("dev.userbase.core.store")
                        || pkg.equals("dev.userbase.core.storage") && !ALLOWED_STORAGE.contains(c.getName());
            }
        }).check(HANDLERS);
    }

    @Test
    void theImport_seesEveryHandlerModule() {
        org.assertj.core.api.Assertions.assertThat(HANDLERS.contain(dev.userbase.api.AdminApiHandler.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(HANDLERS.contain(dev.userbase.triggers.ReconcileHandler.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(HANDLERS.contain(dev.userbase.stream.ChangeStreamHandler.class)).isTrue();
    }
}
