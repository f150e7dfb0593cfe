package dev.userbase.cdk;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * A WAF web ACL in front of the API stage: a per-IP rate limit, and AWS managed rules for known
 * bad inputs, IP reputation and common exploits. The common rule set's body-size rule only counts:
 * the WAF sees the first 8 KB of a body, and preferences may legitimately be that large (the
 * handler enforces the real limit).
 */
public final class ApiFirewall extends Construct {

    private final CfnWebACL webAcl;

    public ApiFirewall(Construct scope, String id, DeploymentSettings settings, Stage stage) {
        super(scope, id);
        String prefix = settings.namePrefix();
        webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(prefix + "-api")
                .description("Protects the " + prefix + " REST API")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility(prefix + "-api"))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder()
                                .name("rate-limit-per-ip")
                                .priority(0)
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                                .aggregateKeyType("IP")
                                                .limit(settings.wafRateLimit())
                                                .evaluationWindowSec(300)
                                                .build())
                                        .build())
                                .action(CfnWebACL.RuleActionProperty.builder()
                                        .block(CfnWebACL.BlockActionProperty.builder().build())
                                        .build())
                                .visibilityConfig(visibility(prefix + "-rate-limit"))
                                .build(),
                        managed("AWSManagedRulesAmazonIpReputationList", 1, prefix, List.of()),
                        managed("AWSManagedRulesKnownBadInputsRuleSet", 2, prefix, List.of()),
                        managed("AWSManagedRulesCommonRuleSet", 3, prefix, List.of("SizeRestrictions_BODY"))))
                .build();
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(stage.getStageArn())
                .webAclArn(webAcl.getAttrArn())
                .build();
    }

    private static CfnWebACL.RuleProperty managed(String name, int priority, String prefix, List<String> countOnly) {
        CfnWebACL.ManagedRuleGroupStatementProperty.Builder group = CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                .vendorName("AWS")
                .name(name);
        if (!countOnly.isEmpty()) {
            group.ruleActionOverrides(countOnly.stream()
                    .map(rule -> CfnWebACL.RuleActionOverrideProperty.builder()
                            .name(rule)
                            .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                    .count(CfnWebACL.CountActionProperty.builder().build())
                                    .build())
                            .build())
                    .toList());
        }
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(group.build()).build())
                // The group's own actions apply ("none" overrides nothing).
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .visibilityConfig(visibility(prefix + "-" + name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                .sampledRequestsEnabled(true)
                .build();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
