package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.privacy.DataExport;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.testing.TestDynamoDb;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The export routes against the embedded engine through the real SDK: the document holds what is
 * stored (and never a token hash), validates against the committed schema, pages a user with
 * 100,000 followers completely in responses far under Lambda's 6 MB, is audited and rate limited,
 * and refuses bad cursors, other users' exports (unless admin) and unknown users with problems.
 */
class ExportApiIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    ExportApiIT() {
        super(Person.ANN, Person.BOB, Person.ADMIN);
    }

    @BeforeEach
    void setUp() {
        api.pool.addToGroup(ann.userName(), "beta-testers");
    }

    @Test
    void anAdministratorsExport_isLinkedForTheirErasure_andRefusedOnceTheyAreBeingErased_leavingNoEntry() {
        Response first = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(ann.sub()));
        assertThat(first.status()).isEqualTo(200);
        assertThat(actedBy(admin.sub())).as("the entry naming the admin is linked from them").hasSize(1);

        // her account is being erased (the cascade stripped her profile); her token still works for a while
        new Profiles(tables.users())
                .stripForErasure(admin.sub(), api.clock.instant(), new ChangeContext("system:erasure", "e"));
        Response late = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(bob.sub()));
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.problemType()).isEqualTo("forbidden");
        assertThat(api.services.admin().audit(bob.sub(), dev.userbase.core.paging.PageRequest.first(10)).items())
                .as("no entry names her in Bob's trail").isEmpty();
        assertThat(actedBy(admin.sub())).hasSize(1);

        // erased for good: profile and Cognito user gone
        tables.dynamoDb().deleteItem(b -> b.tableName(tables.usersTable()).key(UserProfile.key(admin.sub())));
        api.pool.deleteUser(admin.userName());
        assertThat(api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(bob.sub())).status()).isEqualTo(403);
        assertThat(api.services.admin().audit(bob.sub(), dev.userbase.core.paging.PageRequest.first(10)).items())
                .isEmpty();
    }

    /**
     * The erasure of the administrator starts while her export runs: after the requester check, before
     * the check that follows the audit entry and its link. The entry and link come too late for the
     * cascade's round to find them, so the export withdraws both and takes its rate-limit count back.
     */
    @Test
    void anAdministratorsExport_overtakenByHerErasure_withdrawsItsEntryLinkAndAllowance() {
        Profiles plain = new Profiles(tables.users());
        String link = ActorLink.partitionKey(admin.sub());
        java.util.concurrent.atomic.AtomicBoolean erasing = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutionInterceptor eraseAfterTheLink = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutItemRequest put && put.item().containsKey("pk")
                        && put.item().get("pk").s().equals(link) && erasing.compareAndSet(false, true)) {
                    plain.stripForErasure(admin.sub(), api.clock.instant(), new ChangeContext("system:erasure", "e"));
                }
            }
        };
        DynamoDbClient racing = TestDynamoDb.shared().newClient(eraseAfterTheLink);
        TestApi raced = new TestApi(tables, racing);

        Response late = raced.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(bob.sub()));

        assertThat(erasing).as("the erasure started between the two checks").isTrue();
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.problemType()).isEqualTo("forbidden");
        assertThat(api.services.admin().audit(bob.sub(), dev.userbase.core.paging.PageRequest.first(10)).items())
                .as("the entry naming her in Bob's trail is withdrawn").isEmpty();
        assertThat(actedBy(admin.sub())).as("and so is its link").isEmpty();
        assertThat(api.scan(tables.usersTable())).as("no rate-limit count is left under her id")
                .noneMatch(item -> item.get("pk").s().equals("USER#" + admin.sub())
                        && item.get("sk").s().startsWith("RATE#"));
    }

    /**
     * Ann's erasure is at its last steps (profile stripped, marked erased, trail moved) when an
     * administrator's export of her reads her profile: the entry it writes would be left under her
     * id once the profile goes, so the export withdraws it and answers 404.
     */
    @Test
    void anExportOfAUserWhoseErasureHasMovedTheirTrail_isRefusedAsNotFound_andLeavesNothingUnderTheirId() {
        new Profiles(tables.users())
                .stripForErasure(ann.sub(), api.clock.instant(), new ChangeContext("system:erasure", "e"));
        new ErasureRequests(tables.users()).markErased(ann.sub(), api.clock.instant());

        Response refused = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(ann.sub()));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.problemType()).isEqualTo("not-found");
        assertThat(api.scan(tables.usersTable())).as("no audit entry of hers, and no link to one")
                .noneMatch(item -> item.get("pk").s().equals(AuditEntry.partitionKey(ann.sub())))
                .noneMatch(item -> item.get("pk").s().equals(ActorLink.partitionKey(admin.sub())));
    }

    private List<Map<String, AttributeValue>> actedBy(String actorId) {
        return api.scan(tables.usersTable()).stream()
                .filter(item -> item.get("pk").s().equals(ActorLink.partitionKey(actorId))).toList();
    }

    @Test
    void exportMe_saysWhatBecameOfEachEmailChangeWhoseTokenIsStillHeld() {
        emailChange("first@example.com");
        emailChange("second@example.com");
        String second = api.outbox.get(1).token();
        Response confirmed = api.call(ApiEvents.request(ApiRoute.CONFIRM_EMAIL_CHANGE).as(ann)
                .json("{\"token\":\"" + second + "\"}"));
        assertThat(confirmed.status()).isEqualTo(200);
        api.clock.advance(Duration.ofHours(1));
        emailChange("third@example.com");
        emailChange("fourth@example.com");
        api.clock.advance(Duration.ofHours(23).plusMinutes(30)); // the first two are past their 24 h

        JsonNode document = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann)).body();

        assertThat(validate(document)).isEmpty();
        Map<String, String> states = new java.util.TreeMap<>();
        Map<String, String> consumedAt = new java.util.TreeMap<>();
        document.path("pendingEmailChanges").forEach(change -> {
            states.put(change.path("newEmail").asText(), change.path("state").asText());
            consumedAt.put(change.path("newEmail").asText(), change.path("consumedAt").asText(null));
        });
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(
                "first@example.com", "EXPIRED",
                "second@example.com", "CONFIRMED",
                "third@example.com", "SUPERSEDED",
                "fourth@example.com", "PENDING"));
        assertThat(consumedAt.get("second@example.com")).isNotNull();
        assertThat(consumedAt.get("fourth@example.com")).isNull();
    }

    private void emailChange(String email) {
        Response response = api.call(ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(ann)
                .json("{\"email\":\"" + email + "\"}"));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    @Test
    void exportMe_holdsEverythingStored_neverATokenHash_andValidatesAgainstTheSchema() {
        Instant now = api.clock.instant();
        api.put(new UserPreferences(ann.sub(), "{\"theme\":\"dark\",\"digest\":{\"weekly\":true}}", 3, now).toItem());
        String hash = ChangeToken.hash("secret-token-value");
        api.put(new ChangeToken(ann.sub(), ChangeToken.Kind.EMAIL_CHANGE, hash, "ann.new@example.com", now,
                now.plus(Duration.ofHours(1))).toItem());
        api.put(new FollowEdge(ann.sub(), bob.sub(), now).toItem());
        api.put(new FollowEdge(bob.sub(), ann.sub(), now.plusSeconds(1)).toItem());
        api.put(new AuditEntry(ann.sub(), now.minusSeconds(60), "e-1", "user.created", "system:test", List.of(),
                null).toItem());

        Response response = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"userbase-export-ann-sub.json\"");
        JsonNode document = response.body();
        assertThat(validate(document)).isEmpty();
        assertThat(document.path("format").asText()).isEqualTo(DataExport.FORMAT);
        assertThat(document.path("requestedBy").asText()).isEqualTo(ann.sub());
        JsonNode profile = document.path("profile");
        assertThat(profile.path("email").asText()).isEqualTo("ann@example.com");
        assertThat(profile.path("displayName").asText()).isEqualTo("Ann Example");
        assertThat(profile.path("version").asLong()).isEqualTo(1);
        assertThat(profile.path("pk").asText()).isEqualTo("USER#ann-sub"); // bookkeeping included
        assertThat(profile.has("gsi3pk")).isTrue();
        assertThat(document.path("preferences").path("values").path("digest").path("weekly").asBoolean()).isTrue();
        assertThat(document.path("preferences").path("version").asLong()).isEqualTo(3);
        assertThat(document.path("pendingEmailChanges")).hasSize(1);
        assertThat(document.path("pendingEmailChanges").get(0).path("newEmail").asText()).isEqualTo("ann.new@example.com");
        assertThat(response.body().toString()).doesNotContain(hash).doesNotContain("secret-token-value");
        assertThat(document.path("emailReservations")).hasSize(1);
        assertThat(document.path("emailReservations").get(0).path("state").asText()).isEqualTo("CONFIRMED");
        assertThat(document.path("cognito").path("attributes").path("email").asText()).isEqualTo("ann@example.com");
        assertThat(document.path("cognito").path("groups").get(0).asText()).isEqualTo("beta-testers");
        assertThat(ids(document.path("following"))).containsExactly(bob.sub());
        assertThat(ids(document.path("followers"))).containsExactly(bob.sub());
        assertThat(document.path("following").path("next").isNull()).isTrue();
        assertThat(document.path("audit").path("items").get(0).path("action").asText()).isIn("user.created",
                DataExport.AUDIT_ACTION);
        // the export itself is audited, naming who asked
        List<AuditEntry> trail = api.services.admin().audit(ann.sub(),
                dev.userbase.core.paging.PageRequest.first(10)).items();
        assertThat(trail).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo(DataExport.AUDIT_ACTION);
            assertThat(entry.actor()).isEqualTo(ann.sub());
        });
    }

    @Test
    void exportMe_ofAUserWith100000Followers_isCompleteAcrossPages_eachFarUnderTheResponseLimits() {
        int followers = 100_000;
        seedFollowers(ann.sub(), followers);

        long started = System.nanoTime();
        Response first = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann));
        assertThat(first.status()).isEqualTo(200);
        assertThat(validate(first.body())).isEmpty();
        Set<String> seen = new HashSet<>(ids(first.body().path("followers")));
        int pages = 1;
        long largest = bytes(first);
        String next = first.body().path("followers").path("next").asText(null);
        while (next != null) {
            Response page = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann)
                    .query("section", "followers").query("cursor", next));
            assertThat(page.status()).isEqualTo(200);
            assertThat(validate(page.body())).isEmpty();
            List<String> ids = ids(page.body());
            assertThat(seen.addAll(ids)).isTrue();
            assertThat(ids).doesNotHaveDuplicates();
            largest = Math.max(largest, bytes(page));
            next = page.body().path("next").asText(null);
            pages++;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(seen).hasSize(followers);
        assertThat(pages).isEqualTo(followers / 5_000);
        // Lambda answers at most 6 MB, API Gateway 10 MB: every response stays under a tenth of that
        assertThat(largest).isLessThan(600_000);
        System.out.printf("export of %d followers: %d responses, largest %d bytes, %d ms in all%n",
                followers, pages, largest, millis);
    }

    @Test
    void exportOfAnotherUser_is403_unlessAdmin_andAnUnknownUserIs404() {
        Response asBob = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(bob).id(ann.sub()));
        assertThat(asBob.status()).isEqualTo(403);
        assertThat(asBob.problemType()).isEqualTo("forbidden");

        Response asAdmin = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(ann.sub()));
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(validate(asAdmin.body())).isEmpty();
        assertThat(asAdmin.body().path("userId").asText()).isEqualTo(ann.sub());
        assertThat(asAdmin.body().path("requestedBy").asText()).isEqualTo(admin.sub());
        assertThat(asAdmin.body().path("cognito").path("userName").asText()).isEqualTo(ann.userName());
        assertThat(api.services.admin().audit(ann.sub(), dev.userbase.core.paging.PageRequest.first(10)).items())
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo(DataExport.AUDIT_ACTION);
                    assertThat(entry.actor()).isEqualTo(admin.sub());
                    assertThat(entry.summary()).isEqualTo("exported by an administrator");
                });

        List<Map<String, AttributeValue>> before = api.snapshot();
        Response unknown = api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id("no-such-user"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("not-found");
        assertThat(api.snapshot()).as("an export of nobody writes nothing").isEqualTo(before);
    }

    @Test
    void badCursorsAndSections_are400Problems() {
        seedFollowers(ann.sub(), 5_001);
        seedFollowers(bob.sub(), 5_001);
        String annNext = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann)).body().path("followers").path("next").asText();
        assertThat(annNext).isNotBlank();
        int signature = annNext.indexOf('.') + 1; // the signature's first character: its top six bits
        String tampered = annNext.substring(0, signature) + (annNext.charAt(signature) == 'A' ? 'B' : 'A')
                + annNext.substring(signature + 1);

        List<Response> refused = new ArrayList<>();
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "followers").query("cursor", tampered)));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(bob).query("section", "followers").query("cursor", annNext)));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "following").query("cursor", annNext)));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "followers")));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("cursor", annNext)));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "secrets").query("cursor", annNext)));
        refused.add(api.call(ApiEvents.request(ApiRoute.EXPORT_USER).as(admin).id(bob.sub())
                .query("section", "followers").query("cursor", annNext)));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.problemType()).isEqualTo("invalid-input");
            assertThat(response.body().path("errors").get(0).path("field").asText()).isIn("cursor", "section");
        });
        Response good = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "followers").query("cursor", annNext));
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.body().path("items")).hasSize(1);
        assertThat(good.body().path("next").isNull()).isTrue();
    }

    @Test
    void startingExports_isRateLimitedPerCaller_with429AndRetryAfter_butPagesAreNot() {
        seedFollowers(ann.sub(), 5_001);
        String next = null;
        for (int i = 0; i < 5; i++) {
            Response ok = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann));
            assertThat(ok.status()).isEqualTo(200);
            next = ok.body().path("followers").path("next").asText();
            api.clock.advance(Duration.ofMinutes(1));
        }
        Response limited = api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(limited.problemType()).isEqualTo("too-many-requests");
        // the window opened at the first export, five minutes ago: it closes in 55 minutes
        assertThat(limited.header("Retry-After")).isEqualTo(Long.toString(Duration.ofMinutes(55).toSeconds()));
        assertThat(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).query("section", "followers")
                .query("cursor", next)).status()).isEqualTo(200);
        assertThat(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(bob)).status())
                .as("another caller has an allowance of their own").isEqualTo(200);

        api.clock.advance(Duration.ofMinutes(55));
        assertThat(api.call(ApiEvents.request(ApiRoute.EXPORT_ME).as(ann)).status()).isEqualTo(200);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<String> ids(JsonNode section) {
        List<String> ids = new ArrayList<>();
        section.path("items").forEach(item -> ids.add(item.path("userId").asText()));
        return ids;
    }

    private static long bytes(Response response) {
        return response.body().toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private void seedFollowers(String followeeId, int count) {
        Instant at = api.clock.instant();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String follower = String.format("%s-follower-%06d", followeeId, i);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(new FollowEdge(follower, followeeId, at).toItem()).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> unprocessed = Map.of(tables.usersTable(), batch);
                while (!unprocessed.isEmpty()) {
                    BatchWriteItemResponse response = tables.dynamoDb().batchWriteItem(
                            BatchWriteItemRequest.builder().requestItems(unprocessed).build());
                    unprocessed = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                }
                batch = new ArrayList<>();
            }
        }
    }

    private static Set<ValidationMessage> validate(JsonNode document) {
        return SCHEMA.validate(document);
    }

    private static JsonSchema schema() {
        try {
            String text = Files.readString(Path.of("..", "docs", "schemas", "user-export-v1.schema.json"));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
