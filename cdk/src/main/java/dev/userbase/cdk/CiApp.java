package dev.userbase.cdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CI app: synthesizes {@code users-ci-stack} ({@link CiStack}) with cdk-nag's checks, in-process
 * like {@link UsersApp}. It needs no Lambda jar.
 *
 * <pre>
 * CiApp [--outdir DIR] -c githubRepository=owner/name [-c key=value]...
 * </pre>
 */
public final class CiApp {

    static final String USAGE = "usage: CiApp [--outdir DIR] -c " + CiSettings.REPOSITORY + "=owner/name "
            + "[-c " + CiSettings.ENVIRONMENTS + "=dev,prod] [-c " + CiSettings.BRANCH + "=main] "
            + "[-c " + CiSettings.REGIONS + "=eu-west-1,...] [-c " + CiSettings.BOOTSTRAP_QUALIFIER + "=...] "
            + "[-c " + CiSettings.OIDC_PROVIDER_ARN + "=arn:...]";

    private CiApp() {
    }

    public static void main(String[] args) {
        UsersApp.Result result;
        try {
            Path outdir = Path.of("cdk.out.ci");
            Map<String, Object> context = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[i + 1];
                switch (name) {
                    case "--outdir" -> outdir = Path.of(value);
                    case "-c", "--context" -> {
                        int equals = value.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException(name + " takes key=value, got '" + value + "'");
                        }
                        context.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + name + "'");
                }
            }
            result = synthesize(outdir, context);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        UsersApp.report(result, System.out, System.err);
        System.exit(result.errors().isEmpty() ? 0 : 1);
    }

    public static UsersApp.Result synthesize(Path outdir, Map<String, Object> context) {
        App app = App.Builder.create()
                .outdir(outdir.toString())
                .context(new LinkedHashMap<>(context))
                .build();
        CiSettings settings = CiSettings.fromContext(app.getNode()::tryGetContext);
        new CiStack(app, CiStack.STACK_NAME, StackProps.builder()
                .stackName(CiStack.STACK_NAME)
                .description("userbase: GitHub Actions OIDC provider and deploy role for " + settings.repository())
                // Deleting it would cut every pipeline off from the account.
                .terminationProtection(true)
                .build(), settings);
        return UsersApp.checkAndSynthesize(app, CiStack.STACK_NAME);
    }
}
