package dev.userbase.cdk;

import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.logs.ILogGroup;

/**
 * A CloudWatch log group as a rule target, without CDK's {@code CloudWatchLogGroup} target: that
 * one installs the log group's resource policy through a custom-resource Lambda function. Here
 * the policy is a plain {@code AWS::Logs::ResourcePolicy} declared next to the rule
 * ({@link DomainEventBus}), so no extra function, role or runtime enters the stack.
 */
final class LogGroupTarget implements IRuleTarget {

    private final ILogGroup logGroup;

    LogGroupTarget(ILogGroup logGroup) {
        this.logGroup = logGroup;
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule, String id) {
        // EventBridge wants the log group ARN without the ":*" suffix of the GetAtt value.
        String arn = Stack.of(logGroup).formatArn(ArnComponents.builder()
                .service("logs")
                .resource("log-group")
                .resourceName(logGroup.getLogGroupName())
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        return RuleTargetConfig.builder().arn(arn).targetResource(logGroup).build();
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule) {
        return bind(rule, null);
    }
}
