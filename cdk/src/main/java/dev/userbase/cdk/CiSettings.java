package dev.userbase.cdk;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the CI stack ({@link CiStack}) is built from, read from CDK context ({@code -c key=value}).
 *
 * @param repository        {@code owner/name} of the GitHub repository, exactly as GitHub spells it (the
 *                          {@code sub} claim compares case-sensitively)
 * @param branch            the only branch whose workflows may assume the deploy role outside an environment
 * @param environments      the GitHub environments (= stages, {@code users-<env>-stack}) that may deploy
 * @param regions           regions the users stacks are deployed to; empty means the CI stack's own region
 * @param bootstrapQualifier the qualifier the account was bootstrapped with ({@code cdk bootstrap --qualifier})
 * @param existingOidcProvider ARN of a GitHub OIDC provider the account already has (an account holds one
 *                          per URL), or {@code null} to create it
 */
public record CiSettings(String repository, String branch, List<String> environments, List<String> regions,
        String bootstrapQualifier, String existingOidcProvider) {

    public static final String REPOSITORY = "githubRepository";
    public static final String BRANCH = "githubBranch";
    public static final String ENVIRONMENTS = "githubEnvironments";
    public static final String REGIONS = "deployRegions";
    public static final String BOOTSTRAP_QUALIFIER = "bootstrapQualifier";
    public static final String OIDC_PROVIDER_ARN = "githubOidcProviderArn";

    /** CDK's default qualifier: {@code cdk bootstrap} without {@code --qualifier}. */
    public static final String DEFAULT_QUALIFIER = "hnb659fds";

    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
    private static final Pattern BRANCH_NAME = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern QUALIFIER = Pattern.compile("[a-z0-9]{1,10}");
    private static final Pattern PROVIDER_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com");

    public CiSettings {
        if (repository == null) {
            throw new IllegalArgumentException("context " + REPOSITORY + " (owner/name of the GitHub repository) "
                    + "is required: the deploy role trusts only that repository");
        }
        check(REPOSITORY, repository, REPOSITORY_NAME, "owner/name");
        check(BRANCH, branch, BRANCH_NAME, "a branch name");
        if (branch.contains("*") || branch.contains("..")) {
            throw new IllegalArgumentException("context " + BRANCH + " must name one branch: '" + branch + "'");
        }
        environments = List.copyOf(environments);
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("context " + ENVIRONMENTS + " must name at least one environment");
        }
        environments.forEach(e -> check(ENVIRONMENTS, e, ENVIRONMENT_NAME,
                "1-10 lower-case letters or digits, starting with a letter (the stage name)"));
        regions = List.copyOf(regions);
        regions.forEach(r -> check(REGIONS, r, REGION_NAME, "a region such as eu-west-1"));
        check(BOOTSTRAP_QUALIFIER, bootstrapQualifier, QUALIFIER, "1-10 lower-case letters or digits");
        if (existingOidcProvider != null) {
            check(OIDC_PROVIDER_ARN, existingOidcProvider, PROVIDER_ARN,
                    "the ARN of the account's token.actions.githubusercontent.com provider");
        }
    }

    public static CiSettings fromContext(Function<String, Object> lookup) {
        CdkContext context = new CdkContext(lookup);
        return new CiSettings(
                context.text(REPOSITORY, null),
                context.text(BRANCH, "main"),
                context.list(ENVIRONMENTS, List.of("dev", "prod")),
                context.list(REGIONS, List.of()),
                context.text(BOOTSTRAP_QUALIFIER, DEFAULT_QUALIFIER),
                context.text(OIDC_PROVIDER_ARN, null));
    }

    /**
     * The {@code sub} claims of GitHub's OIDC tokens that may assume the deploy role: a job on the branch
     * without an environment, and a job in each environment (GitHub's default claim format).
     */
    public List<String> subjects() {
        String prefix = "repo:" + repository + ":";
        return java.util.stream.Stream.concat(
                java.util.stream.Stream.of(prefix + "ref:refs/heads/" + branch),
                environments.stream().map(environment -> prefix + "environment:" + environment)).toList();
    }

    private static void check(String key, String value, Pattern pattern, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("context " + key + " must be " + what + ": '" + value + "'");
        }
    }
}
