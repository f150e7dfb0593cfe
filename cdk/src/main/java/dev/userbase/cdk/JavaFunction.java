package dev.userbase.cdk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Java handler as every function of this system is deployed: Java 21 on arm64, SnapStart on
 * published versions, an alias ({@value #ALIAS}) that callers use, active tracing, its own log group
 * with retention, and its own role that may only write to that log group until permissions are
 * granted explicitly.
 */
public final class JavaFunction extends Construct {

    public static final String ALIAS = "live";
    /** Short functions gain little from C2; stopping at C1 shortens warm-up after a snapshot restore. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    static final String POWERTOOLS_SERVICE_NAME = "users";

    /**
     * @param handler     fully qualified handler class
     * @param memoryMb    see docs/DEPLOY.md for why each function has its size
     * @param environment variables the handler reads (UsersConfig names); Powertools settings are added here
     */
    public record Props(
            String handler,
            Code code,
            int memoryMb,
            Duration timeout,
            String description,
            Map<String, String> environment,
            DeploymentSettings settings) {

        public Props {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(settings, "settings");
            environment = Map.copyOf(environment);
        }
    }

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;
    private final String handler;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.handler = props.handler();
        DeploymentSettings settings = props.settings();

        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + props.handler())
                .build();
        // Instead of AWSLambdaBasicExecutionRole (CreateLogGroup on *): streams of this log group only.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());

        Map<String, String> environment = new TreeMap<>(props.environment());
        environment.put("POWERTOOLS_SERVICE_NAME", POWERTOOLS_SERVICE_NAME);
        environment.put("POWERTOOLS_LOG_LEVEL", settings.logLevel());
        // Responses hold user data (profiles, emails): keep them out of traces.
        environment.put("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false");
        environment.put("POWERTOOLS_TRACER_CAPTURE_ERROR", "true");
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);

        function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .description(props.description())
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .build();

        // A new version is published whenever code or configuration changes; SnapStart snapshots it,
        // and every caller (Cognito, API Gateway, event source mappings) goes through the alias.
        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();

        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every caller invokes the alias, which points at a published version.");
        Suppressions.suppress(function, "AwsSolutions-L1",
                "Java 21 is the runtime this project targets (bytecode 17); moving to a newer Java runtime "
                        + "is a deliberate upgrade, tested with SnapStart, not an automatic one.");
        Suppressions.suppress(role, "AwsSolutions-IAM5",
                "X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.",
                List.of("Resource::*"));
    }

    public Function function() {
        return function;
    }

    /** What callers invoke: the published, snapshotted version. */
    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public String handler() {
        return handler;
    }
}
