package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.api.http.ApiResponse;
import dev.userbase.api.testing.TestApi;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Priming (run before a SnapStart snapshot) goes through the whole pipeline of each function and writes nothing. */
class SnapStartPrimingIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    @Test
    void prime_readsAndRefusesButNeverWrites() {
        TestApi api = new TestApi(tables);
        api.user("ann-sub", "ann@example.com", "Ann");
        List<Map<String, AttributeValue>> before = api.snapshot();

        for (ApiHandler handler : List.of(api.self, api.social, api.admin)) {
            for (var event : handler.primingRequests()) {
                ApiResponse response = handler.handle(event, null, "priming");
                assertThat(response.status()).as("%s %s", handler.getClass().getSimpleName(), event.getResource())
                        .isIn(200, 400, 404);
            }
            handler.prime();
        }

        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(api.provisioning.calls()).isEmpty();
    }
}
