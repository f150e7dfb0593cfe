package dev.userbase.cdk;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

/** cdk-nag suppressions, each with the reason it is safe. Every suppression of the app goes through here. */
final class Suppressions {

    private Suppressions() {
    }

    /** Suppresses {@code rule} on {@code construct} and its children. */
    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** Suppresses only the listed findings of {@code rule} (for IAM5: {@code Resource::*}, ...). */
    static void suppress(IConstruct construct, String rule, String reason, List<String> findings) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(List.copyOf(findings)).build()),
                true);
    }
}
