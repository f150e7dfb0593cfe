package dev.userbase.cdk;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * The CDK app, synthesized in-process (no CDK CLI needed): builds {@code users-<env>-stack} with
 * cdk-nag's AWS Solutions checks and writes the cloud assembly to the output directory. Exits
 * non-zero when synthesis reports an error or an unsuppressed cdk-nag finding of any level.
 *
 * <pre>
 * UsersApp [--outdir DIR] (--project-root DIR --version V | --triggers-jar F --api-jar F --stream-jar F)
 *          [-c key=value]...
 * </pre>
 *
 * <p>The event schemas registered are the event contract on the classpath (the events-schema module).
 */
public final class UsersApp {

    /** What a synthesis produced: the template and every error or warning annotation. */
    public record Result(Path outdir, String stackName, Path template, List<String> errors, List<String> warnings) {

        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** The rule pack whose findings fail synthesis: its rule ids are {@code AwsSolutions-<rule>}. */
    static final String NAG_PACK = "AwsSolutions";

    private UsersApp() {
    }

    public static void main(String[] args) {
        Result result;
        try {
            Arguments arguments = Arguments.parse(args);
            result = synthesize(arguments.outdir(), arguments.artifacts(), arguments.context());
        } catch (IllegalArgumentException e) {
            // Bad arguments, context or inputs: say which, without a stack trace.
            System.err.println(e.getMessage());
            System.err.println(Arguments.USAGE);
            System.exit(2);
            return;
        }
        report(result, System.out, System.err);
        System.exit(result.errors().isEmpty() ? 0 : 1);
    }

    /** Synthesizes the app for the environment named in {@code context} (default {@code dev}). */
    public static Result synthesize(Path outdir, LambdaArtifacts artifacts, Map<String, Object> context) {
        App app = App.Builder.create()
                .outdir(outdir.toString())
                .context(new LinkedHashMap<>(context))
                .build();
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode()::tryGetContext);
        String stackName = settings.stackName();
        new UsersStack(app, stackName, StackProps.builder()
                .stackName(stackName)
                .description("userbase: user management on Cognito, API Gateway, Lambda, DynamoDB and EventBridge ("
                        + settings.environment() + ")")
                .terminationProtection(settings.production())
                .build(),
                new UsersStack.Inputs(settings, artifacts));
        return checkAndSynthesize(app, stackName);
    }

    /**
     * Runs cdk-nag's AWS Solutions checks over {@code app}, synthesizes it, and collects every error
     * and warning annotation (nag findings included) of the stack.
     */
    static Result checkAndSynthesize(App app, String stackName) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        CloudAssembly assembly = app.synth();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // Annotations (cdk-nag findings among them) are metadata of the constructs they concern.
        for (IConstruct construct : app.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                String text = "/" + construct.getNode().getPath() + ": " + entry.getData();
                switch (entry.getType()) {
                    case "aws:cdk:error" -> errors.add(text);
                    // cdk-nag reports its warning-level rules as warnings: an unsuppressed finding of
                    // either level fails the synthesis, so CI fails on it too.
                    case "aws:cdk:warning" -> (isNagFinding(entry) ? errors : warnings).add(text);
                    default -> { }
                }
            }
        }
        CloudFormationStackArtifact stack = assembly.getStackByName(stackName);
        return new Result(Path.of(assembly.getDirectory()), stackName,
                Path.of(assembly.getDirectory()).resolve(stack.getTemplateFile()), errors, warnings);
    }

    private static boolean isNagFinding(MetadataEntry entry) {
        return String.valueOf(entry.getData()).contains(NAG_PACK + "-");
    }

    static void report(Result result, PrintStream out, PrintStream err) {
        result.warnings().forEach(w -> err.println("[warning] " + w));
        result.errors().forEach(e -> err.println("[error] " + e));
        if (result.errors().isEmpty()) {
            out.println("Synthesized " + result.stackName() + " to " + result.template());
        } else {
            err.println(result.errors().size() + " error(s): " + result.stackName() + " must not be deployed");
        }
    }

    /** Command-line arguments. */
    record Arguments(Path outdir, LambdaArtifacts artifacts, Map<String, Object> context) {

        static final String USAGE = "usage: UsersApp [--outdir DIR] "
                + "(--project-root DIR --version V | --triggers-jar F --api-jar F --stream-jar F) "
                + "[-c key=value]...";

        static Arguments parse(String[] args) {
            Path outdir = Path.of("cdk.out");
            Path projectRoot = null;
            String version = null;
            Path triggers = null;
            Path api = null;
            Path stream = null;
            Map<String, Object> context = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (name) {
                    case "--outdir" -> outdir = Path.of(required(name, value));
                    case "--project-root" -> projectRoot = Path.of(required(name, value));
                    case "--version" -> version = required(name, value);
                    case "--triggers-jar" -> triggers = Path.of(required(name, value));
                    case "--api-jar" -> api = Path.of(required(name, value));
                    case "--stream-jar" -> stream = Path.of(required(name, value));
                    case "-c", "--context" -> {
                        String pair = required(name, value);
                        int equals = pair.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException(name + " takes key=value, got '" + pair + "'");
                        }
                        context.put(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + name + "'");
                }
                i++;
            }
            LambdaArtifacts artifacts;
            if (projectRoot != null) {
                if (triggers != null || api != null || stream != null) {
                    throw new IllegalArgumentException("give either --project-root and --version, or the three jars");
                }
                if (version == null) {
                    throw new IllegalArgumentException("--project-root needs --version");
                }
                artifacts = LambdaArtifacts.fromBuild(projectRoot, version);
            } else {
                if (triggers == null || api == null || stream == null) {
                    throw new IllegalArgumentException("the Lambda jars are required: --project-root and --version, "
                            + "or --triggers-jar, --api-jar and --stream-jar");
                }
                artifacts = new LambdaArtifacts(triggers, api, stream);
            }
            return new Arguments(outdir, artifacts, context);
        }

        private static String required(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return value;
        }
    }
}
