package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each function's role allows exactly what its handler's code calls, resource by resource (the
 * calls are listed beside each grant in the stack, from the handlers' code paths): a new SDK call
 * without its grant, or a grant nothing uses, fails here. Resources are named by what they are
 * ({@code users.Arn}, {@code users.Arn/index/search}, {@code pool.Arn}, ...).
 */
class FunctionPermissionsTest {

    private static final String USERS = "users.Arn";
    private static final String USERS_STREAM = "users.StreamArn";
    private static final String IDEMPOTENCY = "idempotency.Arn";
    private static final String POOL = "pool.Arn";
    private static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    private static final Set<String> XRAY = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");
    private static final Set<String> STREAM_READ = Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:ListStreams");
    private static final Set<String> SQS_SEND = Set.of("sqs:SendMessage", "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl");
    /** ProfileProvisioner: GetItem, TransactWriteItems of a Put and an Update or Put, the ConditionCheck of priming. */
    private static final Set<String> PROVISIONING = Set.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem");
    private static final Set<String> IDEMPOTENCY_STORE = Set.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    private static final Pattern REFERENCE = Pattern.compile("<([A-Za-z0-9]+?)[0-9A-F]{8}\\.(\\w+)>");

    private final SynthesizedApp dev = SynthesizedApp.dev();

    /** Each function's own permissions (besides its log group and X-Ray), by what its handler's code calls. */
    static Stream<Arguments> functions() {
        return Stream.of(
                argumentSet("preSignUp reserves emails and links federated users", "DirectoryPreSignUp", Map.of(
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:PutItem"),
                        POOL, Set.of("cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser"))),
                argumentSet("postConfirmation creates profiles and records password changes",
                        "DirectoryPostConfirmation", Map.of(USERS, PROVISIONING)),
                argumentSet("postAuthentication records sign-ins and provisions migrated users",
                        "DirectoryPostAuthentication", Map.of(USERS, PROVISIONING)),
                argumentSet("backfill lists this pool's users and provisions profiles", "JobsBackfill", Map.of(
                        USERS, PROVISIONING,
                        POOL, Set.of("cognito-idp:ListUsers"))),
                argumentSet("reconcile scans profiles, counts edges and corrects counts", "JobsReconcile", Map.of(
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan",
                                "dynamodb:Query"),
                        USERS + "/index/followers", Set.of("dynamodb:Query"))),
                argumentSet("preTokenGeneration only reads", "DirectoryPreTokenGeneration", Map.of(
                        USERS, Set.of("dynamodb:GetItem"))),
                argumentSet("self API: profiles, preferences, email change and deletion", "SelfApi", Map.of(
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                                "dynamodb:Query"),
                        USERS + "/index/followers", Set.of("dynamodb:Query"),
                        POOL, Set.of("cognito-idp:AdminDisableUser", "cognito-idp:AdminUpdateUserAttributes",
                                "cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser"))),
                argumentSet("social API: follows, lists and search", "SocialApi", Map.of(
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem",
                                "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                        USERS + "/index/followers", Set.of("dynamodb:Query"),
                        USERS + "/index/search", Set.of("dynamodb:Query"))),
                argumentSet("admin API: users, status, roles, listing, audit and idempotent creation", "AdminApi", Map.of(
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                                "dynamodb:Query"),
                        USERS + "/index/by-status", Set.of("dynamodb:Query"),
                        USERS + "/index/followers", Set.of("dynamodb:Query"),
                        IDEMPOTENCY, IDEMPOTENCY_STORE,
                        POOL, Set.of("cognito-idp:AdminCreateUser",
                                "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser", "cognito-idp:AdminGetUser",
                                "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:ListUsers",
                                "cognito-idp:AdminListGroupsForUser"))),
                argumentSet("followCounter reads the stream and writes counts, journal and checkpoint",
                        "StreamsFollowCounter", Map.of(
                                USERS_STREAM, STREAM_READ,
                                "failure-queue.Arn", SQS_SEND,
                                USERS, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                        "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"))),
                argumentSet("changeStream publishes, audits and cleans up after expiry", "StreamsChangeStream", Map.of(
                        USERS_STREAM, STREAM_READ,
                        "failure-queue.Arn", SQS_SEND,
                        USERS, Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                                "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem"),
                        USERS + "/index/followers", Set.of("dynamodb:Query"),
                        IDEMPOTENCY, IDEMPOTENCY_STORE,
                        "bus.Arn", Set.of("events:PutEvents"),
                        POOL, Set.of("cognito-idp:AdminGetUser", "cognito-idp:AdminDeleteUser"))));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void role_allowsExactlyWhatTheHandlerCalls(String function, Map<String, Set<String>> own) {
        assertThat(permissions(dev, function)).isEqualTo(expected(own));
    }

    @Test
    void selfApi_withAnSesSender_mayEmailFromThatSenderOnly() {
        SynthesizedApp prod = SynthesizedApp.prod();
        Map<String, Set<String>> permissions = permissions(prod, "SelfApi");
        String identities = "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/";
        assertThat(permissions).containsEntry(identities + "no-reply@mail.example.com", Set.of("ses:SendEmail"))
                .containsEntry(identities + "mail.example.com", Set.of("ses:SendEmail"));
        PolicyStatements.ofRole(prod, prod.logicalId("AWS::IAM::Role", "SelfApiRole")).stream()
                .filter(found -> found.actions().contains("ses:SendEmail"))
                .forEach(found -> assertThat(found.statement().at("/Condition/StringEquals/ses:FromAddress").asText())
                        .isEqualTo("no-reply@mail.example.com"));
    }

    @Test
    void everyFunction_isCoveredAbove() {
        assertThat(dev.resources("AWS::Lambda::Function")).hasSize(11);
    }

    /** What every function gets besides its own: its log group and X-Ray. */
    private static Map<String, Set<String>> expected(Map<String, Set<String>> own) {
        Map<String, Set<String>> all = new TreeMap<>();
        own.forEach((resource, actions) -> all.put(resource, new TreeSet<>(actions)));
        all.put("logs.Arn", new TreeSet<>(LOGS));
        all.put("*", new TreeSet<>(XRAY));
        return all;
    }

    /**
     * Deleting Cognito users is the erasure's (and the expiry's) alone: of all the functions, only the
     * change stream's role may call AdminDeleteUser, so an API function that is compromised or wrong
     * cannot delete accounts (POST /users disables a user it could not finish; the stream deletes it).
     */
    @Test
    void onlyTheChangeStreamFunction_mayDeleteCognitoUsers() {
        Set<String> functionRoles = new TreeSet<>();
        dev.resources("AWS::Lambda::Function").values()
                .forEach(function -> functionRoles.add(function.at("/Properties/Role/Fn::GetAtt").path(0).asText()));
        assertThat(functionRoles).hasSizeGreaterThan(5);
        Map<String, com.fasterxml.jackson.databind.JsonNode> policies = dev.resources("AWS::IAM::Policy");
        Set<String> deleting = new TreeSet<>();
        for (PolicyStatements.Found found : PolicyStatements.all(dev)) {
            if (found.actions().stream().noneMatch(a -> a.equals("cognito-idp:AdminDeleteUser") || a.equals("cognito-idp:*")
                    || a.equals("*"))) {
                continue;
            }
            if (found.type().equals("AWS::IAM::Policy")) {
                policies.get(found.logicalId()).at("/Properties/Roles")
                        .forEach(role -> deleting.add(role.path("Ref").asText()));
            } else {
                deleting.add(found.logicalId());
            }
        }
        deleting.retainAll(functionRoles);
        assertThat(deleting).containsExactly(dev.logicalId("AWS::IAM::Role", "StreamsChangeStreamRole"));
    }

    /** Resource (named by what it is) -> actions allowed on it, over every policy of the function's role. */
    private static Map<String, Set<String>> permissions(SynthesizedApp app, String function) {
        String role = app.logicalId("AWS::IAM::Role", function + "Role");
        Map<String, Set<String>> permissions = new TreeMap<>();
        for (PolicyStatements.Found found : PolicyStatements.ofRole(app, role)) {
            assertThat(found.allows()).isTrue();
            for (String resource : found.resources()) {
                permissions.computeIfAbsent(name(resource), r -> new TreeSet<>()).addAll(found.actions());
            }
        }
        return permissions;
    }

    private static String name(String resource) {
        Matcher reference = REFERENCE.matcher(resource);
        StringBuilder named = new StringBuilder();
        while (reference.find()) {
            String id = reference.group(1);
            String what;
            if (id.equals("UsersTable")) {
                what = "users";
            } else if (id.equals("IdempotencyTable")) {
                what = "idempotency";
            } else if (id.equals("DirectoryUserPool")) {
                what = "pool";
            } else if (id.equals("EventsBus")) {
                what = "bus";
            } else if (id.endsWith("Logs")) {
                what = "logs";
            } else if (id.endsWith("Failures")) {
                what = "failure-queue";
            } else {
                what = id;
            }
            reference.appendReplacement(named, Matcher.quoteReplacement(what + "." + reference.group(2)));
        }
        reference.appendTail(named);
        return named.toString();
    }
}
