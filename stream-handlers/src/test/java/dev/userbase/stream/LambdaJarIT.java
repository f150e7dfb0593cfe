package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userbase.core.testing.LambdaJars;

/** The deployable jar ({@code target/userbase-stream-handlers-<version>-lambda.jar}): what it must and must not contain. */
class LambdaJarIT {

    @Test
    void jar_holdsBothConsumersAndNoTestLocalOrSdkV1Code() throws IOException {
        List<String> entries = LambdaJars.entries(LambdaJars.find("stream-handlers"));

        assertThat(entries).contains(
                "dev/userbase/stream/FollowCounterHandler.class",
                "dev/userbase/stream/ChangeStreamHandler.class",
                "dev/userbase/core/counters/FollowCounterService.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "software/amazon/awssdk/services/eventbridge/EventBridgeClient.class",
                "software/amazon/lambda/powertools/idempotency/Idempotency.class");
        LambdaJars.assertNoTestLocalOrSdkV1Code(entries);
    }
}
