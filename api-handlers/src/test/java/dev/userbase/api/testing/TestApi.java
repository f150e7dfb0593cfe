package dev.userbase.api.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.AdminApiHandler;
import dev.userbase.api.ApiHandler;
import dev.userbase.api.ApiServices;
import dev.userbase.api.SelfApiHandler;
import dev.userbase.api.SocialApiHandler;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.emailchange.EmailChangeMessage;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.paging.CursorCodec;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The three API handlers over a test's fresh tables (DynamoDB Local through the real SDK), with a
 * fake Cognito pool, an in-memory outbox for email-change tokens and a test provisioner.
 */
public final class TestApi {

    public static final String CURSOR_KEY = "test-cursor-signing-key-0123456789abcdef";

    public final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    public final FakeUserPool pool = new FakeUserPool();
    public final List<EmailChangeMessage> outbox = new CopyOnWriteArrayList<>();
    public final TestProvisioning provisioning;
    public final ApiServices services;
    public final SelfApiHandler self;
    public final SocialApiHandler social;
    public final AdminApiHandler admin;
    private final LocalTables tables;

    public TestApi(LocalTables tables) {
        this(tables, tables.dynamoDb());
    }

    /** The handlers on {@code dynamoDb} (a client of the same engine, configured by the test). */
    public TestApi(LocalTables tables, DynamoDbClient dynamoDb) {
        this.tables = tables;
        UsersConfig config = tables.config(Map.of(UsersConfig.USER_POOL_ID, "eu-west-1_Test"));
        this.provisioning = new TestProvisioning(dynamoDb, tables.usersTable(), clock);
        this.services = ApiServices.builder(dynamoDb, config, clock)
                .cursors(CursorCodec.withKeys(List.of(CURSOR_KEY)))
                .userPool(pool)
                .delivery(outbox::add)
                .provisioning(provisioning)
                .build();
        this.self = new SelfApiHandler(services);
        this.social = new SocialApiHandler(services);
        this.admin = new AdminApiHandler(services);
    }

    public LocalTables tables() {
        return tables;
    }

    /** Invokes the function API Gateway would route the event to. */
    public Response call(APIGatewayProxyRequestEvent event) {
        return ApiFunctions.invoke(handler(ApiFunctions.route(event)), event);
    }

    public Response call(ApiEvents.Builder request) {
        return call(request.build());
    }

    /**
     * Every page of a list route: the first {@code request}, then one with each page's
     * {@code nextCursor} (a fresh request each time), at most {@code maxPages} requests.
     */
    public List<Response> pages(Supplier<ApiEvents.Builder> request, int maxPages) {
        List<Response> pages = new ArrayList<>();
        String cursor = null;
        do {
            ApiEvents.Builder next = request.get();
            if (cursor != null) {
                next.query("cursor", cursor);
            }
            Response page = call(next);
            pages.add(page);
            cursor = page.body().path("nextCursor").isMissingNode() ? null : page.body().path("nextCursor").asText();
        } while (cursor != null && pages.size() < maxPages);
        return pages;
    }

    public ApiHandler handler(ApiRoute route) {
        return ApiFunctions.handler(route, self, social, admin);
    }

    /** A signed-up user: Cognito user, profile and CONFIRMED email guard. */
    public TestUser user(String sub, String email, String displayName) {
        return user(new TestUser(sub, sub, email, false), displayName);
    }

    public TestUser admin(String sub, String email) {
        return user(TestUser.admin(sub, email), "Admin " + sub);
    }

    public TestUser user(TestUser user, String displayName) {
        pool.add(user.userName(), user.sub(), user.email());
        Instant now = clock.instant();
        UserProfile profile = UserProfile.builder().userId(user.sub()).email(user.email()).displayName(displayName)
                .createdAt(now).updatedAt(now).build();
        put(new ChangeContext("system:test", "seed").stamp(new java.util.HashMap<>(profile.toItem())));
        put(new EmailReservation(user.email(), EmailReservation.State.CONFIRMED, EmailReservation.Purpose.SIGN_UP,
                user.userName(), user.sub(), now, null, now).toItem());
        return user;
    }

    /** Sets a user's status directly in the table (as an earlier admin action would have). */
    public void setStatus(String sub, UserStatus status) {
        UserProfile profile = services.profiles().find(sub).orElseThrow();
        UserProfile changed = profile.toBuilder().status(status).version(profile.version() + 1).build();
        put(new java.util.HashMap<>(changed.toItem()));
    }

    public void put(Map<String, AttributeValue> item) {
        tables.users().put(item);
    }

    /** Every item of both tables, in key order: compare two snapshots to prove nothing was written. */
    public List<Map<String, AttributeValue>> snapshot() {
        List<Map<String, AttributeValue>> items = new ArrayList<>(scan(tables.usersTable()));
        items.addAll(scan(tables.idempotencyTable()));
        items.sort(Comparator.comparing(Object::toString));
        return items;
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = tables.dynamoDb().scan(request.build());
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
