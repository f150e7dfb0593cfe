package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class JavaFunctionTest {

    private static Template template;
    private static String logGroupId;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.synthesize("Function", stack -> new JavaFunction(stack, "Handler",
                new JavaFunction.Props("dev.example.Handler", TestInputs.artifacts().apiHandlersCode(), 768,
                        Duration.seconds(7), "a handler", Map.of("USERS_TABLE", "users-test"), TestInputs.devSettings())));
        logGroupId = SynthesizedStack.onlyId(template, "AWS::Logs::LogGroup");
    }

    @Test
    void function_isJava21OnArm64WithSnapStartAndActiveTracing() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "Handler", "dev.example.Handler",
                "MemorySize", 768,
                "Timeout", 7,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", logGroupId))));
    }

    @Test
    void environment_hasTheHandlersVariablesAndPowertoolsSettings() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Map.of(
                "USERS_TABLE", "users-test",
                "POWERTOOLS_SERVICE_NAME", "users",
                "POWERTOOLS_LOG_LEVEL", "INFO",
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false",
                "POWERTOOLS_TRACER_CAPTURE_ERROR", "true",
                "JAVA_TOOL_OPTIONS", JavaFunction.JAVA_TOOL_OPTIONS))));
    }

    @Test
    void alias_pointsAtThePublishedVersion() {
        String version = SynthesizedStack.onlyId(template, "AWS::Lambda::Version");
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", JavaFunction.ALIAS,
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
        template.resourceCountIs("AWS::Lambda::Alias", 1);
    }

    @Test
    void logGroup_keepsLogsForTheConfiguredRetention() {
        template.hasResource("AWS::Logs::LogGroup", Map.of(
                "Properties", Map.of("RetentionInDays", 30),
                "DeletionPolicy", "Delete"));
    }

    @Test
    void role_mayOnlyWriteItsOwnLogsAndTraces_andUsesNoManagedPolicy() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(logGroupId, "Arn"))),
                Map.of("Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                        "Effect", "Allow",
                        "Resource", "*")))));
        template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void cdkNagSuppressions_carryTheirReasons() {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        assertThat(functions.values().iterator().next().toString()).contains("AwsSolutions-L1", "Java 21");
    }
}
