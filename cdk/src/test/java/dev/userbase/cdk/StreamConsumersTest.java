package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.model.Keys;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.events.EventBus;

class StreamConsumersTest {

    private static Template template;
    private static String usersTable;
    private static String busId;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.synthesize("Streams", stack -> new StreamConsumers(stack, "Streams",
                new StreamConsumers.Props(TestInputs.devSettings(), TestInputs.artifacts().streamHandlersCode(),
                        SynthesizedStack.devTable(stack, "Users", UsersTable.DEFINITION),
                        SynthesizedStack.devTable(stack, "Idempotency", IdempotencyTable.DEFINITION),
                        EventBus.Builder.create(stack, "Bus").build(), UserPool.Builder.create(stack, "Pool").build())));
        usersTable = SynthesizedStack.onlyId(template, "AWS::DynamoDB::Table",
                Map.of("StreamSpecification", Match.anyValue()));
        busId = SynthesizedStack.onlyId(template, "AWS::Events::EventBus");
    }

    @ParameterizedTest
    @MethodSource("dev.userbase.core.streams.StreamConsumer#values")
    void mapping_isExactlyWhatCoreDefines_soLocalAndCloudAgree(StreamConsumer consumer) throws Exception {
        Map<String, Object> mapping = mapping(consumer == StreamConsumer.FOLLOW_COUNTER ? "FollowCounter" : "ChangeStream");
        assertThat(mapping).containsEntry("BatchSize", consumer.batchSize())
                .containsEntry("MaximumBatchingWindowInSeconds", consumer.maximumBatchingWindowSeconds())
                .containsEntry("ParallelizationFactor", consumer.parallelizationFactor())
                .containsEntry("BisectBatchOnFunctionError", consumer.bisectBatchOnFunctionError())
                .containsEntry("MaximumRetryAttempts", consumer.maximumRetryAttempts())
                .containsEntry("MaximumRecordAgeInSeconds", consumer.maximumRecordAgeSeconds())
                .containsEntry("StartingPosition", StreamConsumer.STARTING_POSITION)
                .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(usersTable, "StreamArn")));
        if (consumer.tumblingWindowSeconds().isPresent()) {
            assertThat(mapping).containsEntry("TumblingWindowInSeconds", consumer.tumblingWindowSeconds().get());
        } else {
            assertThat(mapping).doesNotContainKey("TumblingWindowInSeconds");
        }
        if (consumer.reportBatchItemFailures()) {
            assertThat(mapping).containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        } else {
            assertThat(mapping).doesNotContainKey("FunctionResponseTypes");
        }
        List<JsonNode> patterns = filterPatterns(mapping);
        List<JsonNode> expected = new java.util.ArrayList<>();
        for (String pattern : consumer.filterPatterns()) {
            expected.add(SynthesizedApp.JSON.readTree(pattern));
        }
        assertThat(patterns).containsExactlyElementsOf(expected);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", consumer.handlerClass()));
    }

    @Test
    void filters_letThroughOnlyWhatEachConsumerHandles() throws Exception {
        JsonNode counter = filterPatterns(mapping("FollowCounter")).get(0);
        assertThat(SynthesizedApp.strings(counter.get("eventName"))).containsExactlyInAnyOrder("INSERT", "REMOVE");
        assertThat(counter.at("/dynamodb/Keys/" + UsersTable.SK + "/S/0/prefix").asText()).isEqualTo(Keys.FOLLOWS_PREFIX);
        List<String> prefixes = filterPatterns(mapping("ChangeStream")).stream()
                .map(p -> p.at("/dynamodb/Keys/" + UsersTable.PK + "/S/0/prefix").asText()).toList();
        assertThat(prefixes).containsExactlyInAnyOrder(Keys.USER_PREFIX, Keys.EMAIL_PREFIX)
                .doesNotContain(Keys.AUDIT_PREFIX);
    }

    @Test
    void eachConsumer_hasAnEncryptedFailureQueueKeptFourteenDays_thatItMaySendTo() {
        template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of(
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1_209_600), 2);
        for (String consumer : List.of("FollowCounter", "ChangeStream")) {
            Map<String, Object> mapping = mapping(consumer);
            @SuppressWarnings("unchecked")
            Map<String, Object> destination = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    mapping.get("DestinationConfig")).get("OnFailure")).get("Destination");
            template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Map.of(
                            "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                            "Effect", "Allow",
                            "Resource", destination))))));
        }
        // TLS only.
        template.resourcePropertiesCountIs("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                List.of(Match.objectLike(Map.of("Effect", "Deny", "Condition",
                        Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))), 2);
    }

    @Test
    void changeStream_isConfiguredWithTheBusTheTablesAndThePool() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Handlers.CHANGE_STREAM,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "EVENT_BUS_NAME", Map.of("Ref", busId),
                        "EVENT_SOURCE", "users.service",
                        "USERS_TABLE", Map.of("Ref", usersTable),
                        "IDEMPOTENCY_TABLE", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("Idempotency.*"))),
                        "USER_POOL_ID", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("Pool.*"))))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of(
                        "Action", "events:PutEvents",
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(busId, "Arn"))))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Handlers.FOLLOW_COUNTER,
                "MemorySize", 512));
    }

    @Test
    void docs_tableTheRetriesAndRecordAgesCoreDefines() throws Exception {
        Path root = Path.of(System.getProperty(TestInputs.PROJECT_ROOT, ".."));
        List<String> deploy = Files.readAllLines(root.resolve("docs/DEPLOY.md"));
        List<String> architecture = Files.readAllLines(root.resolve("docs/ARCHITECTURE.md"));
        StreamConsumer counter = StreamConsumer.FOLLOW_COUNTER;
        StreamConsumer change = StreamConsumer.CHANGE_STREAM;
        // columns: FollowCounter, ChangeStream
        assertThat(cells(deploy, "maximum retries")).satisfiesExactly(
                c -> assertThat(c).startsWith(String.valueOf(counter.maximumRetryAttempts())),
                c -> assertThat(c).startsWith(String.valueOf(change.maximumRetryAttempts())));
        assertThat(cells(deploy, "maximum record age")).satisfiesExactly(
                c -> assertThat(c).startsWith(hours(counter.maximumRecordAgeSeconds())),
                c -> assertThat(c).startsWith(hours(change.maximumRecordAgeSeconds())));
        assertThat(cells(architecture, "maximum retry attempts")).satisfiesExactly(
                c -> assertThat(c).startsWith(counter.maximumRetryAttempts() + " "),
                c -> assertThat(c).startsWith(String.valueOf(change.maximumRetryAttempts())));
        assertThat(cells(architecture, "maximum record age")).satisfiesExactly(
                c -> assertThat(c).startsWith(counter.maximumRecordAgeSeconds() + " s"),
                c -> assertThat(c).startsWith(change.maximumRecordAgeSeconds() + " s"));
    }

    /** The value cells of the first table row whose first cell is {@code setting}. */
    private static List<String> cells(List<String> lines, String setting) {
        String row = lines.stream().filter(l -> l.startsWith("| " + setting + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + setting));
        List<String> cells = java.util.Arrays.stream(row.split("\\|")).map(String::trim).toList();
        return cells.subList(2, cells.size());
    }

    private static String hours(int seconds) {
        assertThat(seconds % 3600).as("a whole number of hours").isZero();
        return seconds == 3600 ? "1 hour" : seconds / 3600 + " hours";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(String consumer) {
        return template.findResources("AWS::Lambda::EventSourceMapping").entrySet().stream()
                .filter(e -> e.getKey().startsWith("Streams" + consumer + "Mapping"))
                .map(e -> (Map<String, Object>) e.getValue().get("Properties"))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<JsonNode> filterPatterns(Map<String, Object> mapping) throws Exception {
        List<Map<String, Object>> filters = (List<Map<String, Object>>) ((Map<String, Object>)
                mapping.get("FilterCriteria")).get("Filters");
        List<JsonNode> patterns = new java.util.ArrayList<>();
        for (Map<String, Object> filter : filters) {
            patterns.add(SynthesizedApp.JSON.readTree((String) filter.get("Pattern")));
        }
        return patterns;
    }
}
