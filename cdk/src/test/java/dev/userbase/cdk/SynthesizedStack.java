package dev.userbase.cdk;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.userbase.core.table.TableDefinition;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A construct under test, synthesized alone in a stack of its own app (the whole app is
 * {@link SynthesizedApp}): the template the construct tests assert on and the logical ids they
 * refer to.
 */
final class SynthesizedStack {

    private SynthesizedStack() {
    }

    /** The template of the stack {@code id}, in an app of its own, once {@code build} has added its constructs. */
    static Template synthesize(String id, Consumer<Stack> build) {
        Stack stack = new Stack(new App(), id);
        build.accept(stack);
        return Template.fromStack(stack);
    }

    /** A development table from core's definition (AWS-managed key, destroyed with the stack), with its access. */
    static TableAccess devTable(Stack stack, String id, TableDefinition definition) {
        return new TableAccess(TableFactory.create(stack, id, definition, null, RemovalPolicy.DESTROY, false), definition);
    }

    /** The logical id of the only resource of {@code type}. */
    static String onlyId(Template template, String type) {
        return only(type, template.findResources(type).keySet());
    }

    /** The logical id of the only resource of {@code type} whose properties include {@code properties}. */
    static String onlyId(Template template, String type, Map<String, Object> properties) {
        return only(type + " with " + properties, template.findResources(type,
                Match.objectLike(Map.of("Properties", Match.objectLike(properties)))).keySet());
    }

    private static String only(String what, Set<String> ids) {
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + what + ", found " + ids);
        }
        return ids.iterator().next();
    }
}
