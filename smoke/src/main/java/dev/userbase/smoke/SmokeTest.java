package dev.userbase.smoke;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.deploy.StackOutput;
import dev.userbase.events.EventContract;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The smoke test of a deployed stage, end to end, as a client meets it: two test users created with
 * {@code AdminCreateUser} and {@code AdminSetUserPassword} (no mailbox needed), signed in
 * ({@code AdminInitiateAuth} on the stack's smoke-test client), their profiles through the REST API,
 * one following the other, the follower counts the stream pipeline keeps, {@code user.created} and
 * {@code user.followed} in the bus's event log (checked against the published schemas), and an
 * unsigned call refused. Whatever it created is removed at the end, whether the checks passed or not:
 * the follow, both profiles ({@code DELETE /users/me}) and both Cognito users.
 *
 * <p>Checks run in order; once one fails, those that depend on it are reported as not run, and the
 * unsigned call and the clean-up still run.
 */
public final class SmokeTest {

    /**
     * @param timeout      how long to wait for what the stream pipeline does asynchronously (counts, events);
     *                     the follow counter applies its tumbling window of 120 s in AWS
     * @param pollInterval how often to look again meanwhile
     * @param emailDomain  domain of the test users' addresses (one the stage's sign-up policy accepts)
     */
    public record Settings(Duration timeout, Duration pollInterval, String emailDomain, Clock clock) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
        public static final String DEFAULT_EMAIL_DOMAIN = "example.com";

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(clock, "clock");
            if (emailDomain == null || !emailDomain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new IllegalArgumentException("not an email domain: '" + emailDomain + "'");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_TIMEOUT, Duration.ofSeconds(3), DEFAULT_EMAIL_DOMAIN, Clock.systemUTC());
        }
    }

    /** The outcome of one check. {@code detail} says what was seen; for a failure, what was expected too. */
    public record Check(String name, Outcome outcome, String detail, Duration took) {
    }

    public enum Outcome { PASSED, FAILED, NOT_RUN }

    /** A user the run created: its address and, once signed in, its id (the Cognito sub), else empty. */
    public record CreatedUser(String label, String email, Optional<String> userId) {
    }

    /** Every check of one run, and the users it created (all deleted again by the clean-up check). */
    public record Report(String deployment, String runId, List<Check> checks, List<CreatedUser> users) {

        public Report {
            checks = List.copyOf(checks);
            users = List.copyOf(users);
        }

        public boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(c -> c.outcome() == Outcome.PASSED);
        }

        public Optional<Check> check(String name) {
            return checks.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        /** One line per check, for the terminal and the job log. */
        public String text() {
            StringBuilder text = new StringBuilder("smoke test of " + deployment + " (run " + runId + ")\n");
            for (Check check : checks) {
                text.append(switch (check.outcome()) {
                    case PASSED -> "  ok      ";
                    case FAILED -> "  FAILED  ";
                    case NOT_RUN -> "  not run ";
                }).append(check.name()).append(String.format(" (%.1f s)", check.took().toMillis() / 1000.0));
                if (!check.detail().isEmpty()) {
                    text.append(": ").append(check.detail());
                }
                text.append('\n');
            }
            long failed = checks.stream().filter(c -> c.outcome() != Outcome.PASSED).count();
            text.append(passed() ? "smoke test passed" : "smoke test FAILED (" + failed + " of " + checks.size()
                    + " checks did not pass)").append('\n');
            return text.toString();
        }

        /** A Markdown table, for the GitHub job summary. */
        public String markdown() {
            StringBuilder md = new StringBuilder("### Smoke test of " + deployment + (passed() ? ": passed" : ": FAILED")
                    + "\n\n| | check | seconds | detail |\n|---|---|---|---|\n");
            for (Check check : checks) {
                md.append("| ").append(switch (check.outcome()) {
                    case PASSED -> "✅";
                    case FAILED -> "❌";
                    case NOT_RUN -> "⏭️";
                }).append(" | ").append(check.name().replace("|", "\\|")).append(" | ")
                        .append(String.format("%.1f", check.took().toMillis() / 1000.0)).append(" | ")
                        .append(check.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
            return md.toString();
        }
    }

    static final String CREATE_USERS = "create two test users (AdminCreateUser, AdminSetUserPassword)";
    static final String SIGN_IN = "sign both in (AdminInitiateAuth)";
    static final String PROFILES = "GET /users/me answers each user's own profile";
    static final String FOLLOW = "POST /users/{id}/follow: user A follows user B";
    static final String COUNTS = "follower counts: B has 1 follower, A follows 1";
    static final String EVENTS = "user.created (A, B) and user.followed in the bus's event log, valid against the schemas";
    static final String UNSIGNED = "an unsigned call is refused (401)";
    static final String CLEAN_UP = "clean up: unfollow, DELETE /users/me, AdminDeleteUser";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Deployment deployment;
    private final Settings settings;
    private final EventContract contract;
    private final SecureRandom random = new SecureRandom();

    public SmokeTest(Deployment deployment, Settings settings) {
        this(deployment, settings, EventContract.load());
    }

    SmokeTest(Deployment deployment, Settings settings, EventContract contract) {
        this.deployment = deployment;
        this.settings = settings;
        this.contract = contract;
    }

    /** A test user: its address, password, and once signed in its ID token and sub. */
    private static final class TestUser {
        final String label;
        final String email;
        final String password;
        boolean created;
        String token;
        String sub;
        boolean profileRead;

        TestUser(String label, String email, String password) {
            this.label = label;
            this.email = email;
            this.password = password;
        }
    }

    /** The whole run. Never throws for a failed check: the report says what failed. */
    public Report run() {
        Instant started = settings.clock().instant();
        String runId = RUN_ID_TIME.format(started).toLowerCase() + "-" + HexFormat.of().formatHex(bytes(3));
        String poolId = deployment.outputs().require(StackOutput.USER_POOL_ID);
        String clientId = deployment.outputs().require(StackOutput.SMOKE_TEST_CLIENT_ID);
        RestApi api = new RestApi(deployment.outputs().require(StackOutput.API_URL));
        TestUser a = new TestUser("A", "smoke-" + runId + "-a@" + settings.emailDomain(), password());
        TestUser b = new TestUser("B", "smoke-" + runId + "-b@" + settings.emailDomain(), password());
        List<Check> checks = new ArrayList<>();
        boolean[] followed = {false};

        Runner runner = new Runner(checks);
        runner.dependent(CREATE_USERS, () -> {
            create(poolId, a);
            create(poolId, b);
            return a.email + ", " + b.email;
        });
        runner.dependent(SIGN_IN, () -> {
            signIn(poolId, clientId, a);
            signIn(poolId, clientId, b);
            return "A " + a.sub + ", B " + b.sub;
        });
        runner.dependent(PROFILES, () -> {
            for (TestUser user : List.of(a, b)) {
                RestApi.Response me = api.call("GET", "/users/me", user.token);
                expect(me.status() == 200, "GET /users/me of " + user.label + " answered " + me);
                JsonNode profile = me.json();
                user.profileRead = true;
                expect(profile.path("userId").asText().equals(user.sub),
                        "the profile of " + user.label + " has userId " + profile.path("userId") + ", not " + user.sub);
                expect(profile.path("email").asText().equalsIgnoreCase(user.email),
                        "the profile of " + user.label + " has email " + profile.path("email") + ", not " + user.email);
                expect(profile.path("status").asText().equals("ACTIVE"),
                        "the profile of " + user.label + " is " + profile.path("status") + ", not ACTIVE");
            }
            return "both ACTIVE, with their own userId and email";
        });
        runner.dependent(FOLLOW, () -> {
            RestApi.Response follow = api.call("POST", "/users/" + b.sub + "/follow", a.token);
            followed[0] = follow.status() / 100 == 2;
            expect(followed[0], "the follow answered " + follow);
            return "HTTP " + follow.status();
        });
        runner.dependent(COUNTS, () -> {
            JsonNode bSeenByA = eventually("B's followerCount to be 1",
                    () -> api.call("GET", "/users/" + b.sub, a.token),
                    r -> r.status() == 200 && r.json().path("followerCount").asLong() == 1).json();
            JsonNode aSelf = eventually("A's followingCount to be 1",
                    () -> api.call("GET", "/users/me", a.token),
                    r -> r.status() == 200 && r.json().path("followingCount").asLong() == 1).json();
            return "B followerCount " + bSeenByA.path("followerCount") + ", A followingCount " + aSelf.path("followingCount");
        });
        runner.dependent(EVENTS, () -> {
            List<JsonNode> events = eventually("user.created of A and B and user.followed (A → B)",
                    () -> deployment.events().about(Set.of(a.sub, b.sub), started),
                    list -> has(list, "user.created", a.sub) && has(list, "user.created", b.sub)
                            && list.stream().anyMatch(e -> isFollow(e, a.sub, b.sub)));
            List<String> invalid = new ArrayList<>();
            for (JsonNode event : events) {
                String type = event.path("detail-type").asText();
                contract.validate(type, event.path("detail")).forEach(error -> invalid.add(type + ": " + error));
            }
            expect(invalid.isEmpty(), "events that do not match the published schemas: " + invalid);
            return events.size() + " events of the test users, all valid";
        });
        runner.independent(UNSIGNED, () -> {
            RestApi.Response unsigned = api.call("GET", "/users/me", Optional.empty());
            expect(unsigned.status() == 401, "GET /users/me without a token answered " + unsigned);
            expect(unsigned.contentType().startsWith("application/problem+json"),
                    "the refusal is not a problem document: " + unsigned);
            RestApi.Response forged = api.call("GET", "/users/me", Optional.of(forgedToken()));
            expect(forged.status() == 401, "GET /users/me with a token signed by no one answered " + forged);
            return "401 without a token and with an unsigned one";
        });
        runner.independent(CLEAN_UP, () -> cleanUp(poolId, api, a, b, followed[0]));
        List<CreatedUser> created = new ArrayList<>();
        for (TestUser user : List.of(a, b)) {
            if (user.created) {
                created.add(new CreatedUser(user.label, user.email, Optional.ofNullable(user.sub)));
            }
        }
        return new Report(deployment.name(), runId, checks, created);
    }

    /** Every step is tried, whatever failed before; a step that fails makes the whole clean-up fail. */
    private String cleanUp(String poolId, RestApi api, TestUser a, TestUser b, boolean followed) {
        List<String> problems = new ArrayList<>();
        List<String> done = new ArrayList<>();
        if (followed) {
            attempt(problems, "unfollow", () -> {
                RestApi.Response unfollow = api.call("DELETE", "/users/" + b.sub + "/follow", a.token);
                expect(unfollow.status() / 100 == 2, "DELETE /users/{B}/follow answered " + unfollow);
                done.add("unfollowed");
            });
        }
        for (TestUser user : List.of(a, b)) {
            if (user.token != null && user.profileRead) {
                attempt(problems, "delete the profile of " + user.label, () -> {
                    RestApi.Response delete = api.call("DELETE", "/users/me", user.token);
                    expect(delete.status() == 204, "DELETE /users/me of " + user.label + " answered " + delete);
                    done.add("profile " + user.label + " deleted");
                });
            }
        }
        for (TestUser user : List.of(a, b)) {
            if (user.created) {
                attempt(problems, "delete the Cognito user " + user.email, () -> {
                    deployment.cognito().adminDeleteUser(r -> r.userPoolId(poolId).username(user.email));
                    done.add("user " + user.label + " deleted");
                });
            }
        }
        expect(problems.isEmpty(), String.join("; ", problems) + (done.isEmpty() ? "" : " (done: " + String.join(", ", done) + ")"));
        return done.isEmpty() ? "nothing was created" : String.join(", ", done);
    }

    private static void attempt(List<String> problems, String what, Runnable step) {
        try {
            step.run();
        } catch (SmokeTestException | SdkException e) {
            problems.add(what + ": " + e.getMessage());
        }
    }

    private void create(String poolId, TestUser user) {
        deployment.cognito().adminCreateUser(r -> r.userPoolId(poolId)
                .username(user.email)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(
                        AttributeType.builder().name("email").value(user.email).build(),
                        AttributeType.builder().name("email_verified").value("true").build(),
                        AttributeType.builder().name("given_name").value("Smoke").build(),
                        AttributeType.builder().name("family_name").value("Test " + user.label).build()));
        user.created = true;
        deployment.cognito().adminSetUserPassword(r -> r.userPoolId(poolId).username(user.email)
                .password(user.password).permanent(true));
    }

    private void signIn(String poolId, String clientId, TestUser user) {
        AdminInitiateAuthResponse response = deployment.cognito().adminInitiateAuth(r -> r.userPoolId(poolId)
                .clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email, "PASSWORD", user.password)));
        expect(response.challengeName() == null, "signing in " + user.label + " met the challenge "
                + response.challengeNameAsString() + " instead of tokens");
        expect(response.authenticationResult() != null && response.authenticationResult().idToken() != null,
                "signing in " + user.label + " returned no ID token");
        user.token = response.authenticationResult().idToken();
        user.sub = claims(user.token).path("sub").asText();
        expect(!user.sub.isEmpty(), "the ID token of " + user.label + " has no sub");
    }

    /** Polls until {@code done} holds, or fails after the timeout saying what was last seen. */
    <T> T eventually(String what, Supplier<T> value, Predicate<T> done) {
        Instant deadline = settings.clock().instant().plus(settings.timeout());
        T last = value.get();
        while (!done.test(last)) {
            if (!settings.clock().instant().isBefore(deadline)) {
                throw new SmokeTestException("waited " + settings.timeout().toSeconds() + " s for " + what
                        + "; last seen: " + describe(last));
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SmokeTestException("interrupted while waiting for " + what, e);
            }
            last = value.get();
        }
        return last;
    }

    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            List<String> events = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof JsonNode event) {
                    events.add(event.path("detail-type").asText() + " " + event.path("detail").path("userId").asText());
                } else {
                    events.add(String.valueOf(item));
                }
            }
            return events.isEmpty() ? "no event" : events.toString();
        }
        return String.valueOf(value);
    }

    private static boolean has(List<JsonNode> events, String type, String userId) {
        return events.stream().anyMatch(e -> e.path("detail-type").asText().equals(type)
                && e.path("detail").path("userId").asText().equals(userId));
    }

    private static boolean isFollow(JsonNode event, String follower, String followee) {
        JsonNode data = event.path("detail").path("data");
        return event.path("detail-type").asText().equals("user.followed")
                && data.path("followerId").asText().equals(follower)
                && data.path("followeeId").asText().equals(followee);
    }

    static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new SmokeTestException(otherwise);
        }
    }

    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new SmokeTestException("the ID token is not a JWT");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SmokeTestException("the ID token's claims are not JSON", e);
        }
    }

    /** A JWT with plausible claims and no valid signature: what an attacker could make up. */
    private String forgedToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"forged\",\"token_use\":\"id\",\"exp\":"
                + settings.clock().instant().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + base64.encodeToString(bytes(256));
    }

    /** 24 characters with each class Cognito's password policy may require. */
    private String password() {
        String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-=?@^_"};
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            String chars = classes[i % classes.length];
            password.append(chars.charAt(random.nextInt(chars.length())));
        }
        return password.toString();
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Runs checks in order; a dependent check runs only while every check before it passed. */
    private final class Runner {
        private final List<Check> checks;
        private boolean broken;

        Runner(List<Check> checks) {
            this.checks = checks;
        }

        void dependent(String name, Supplier<String> body) {
            if (broken) {
                checks.add(new Check(name, Outcome.NOT_RUN, "an earlier check failed", Duration.ZERO));
                return;
            }
            if (!independent(name, body)) {
                broken = true;
            }
        }

        boolean independent(String name, Supplier<String> body) {
            Instant start = settings.clock().instant();
            try {
                String detail = body.get();
                checks.add(new Check(name, Outcome.PASSED, detail, Duration.between(start, settings.clock().instant())));
                return true;
            } catch (SmokeTestException | SdkException e) {
                checks.add(new Check(name, Outcome.FAILED, e.getMessage(), Duration.between(start, settings.clock().instant())));
                return false;
            }
        }
    }
}
