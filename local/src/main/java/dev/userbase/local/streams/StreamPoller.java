package dev.userbase.local.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import dev.userbase.local.events.EventLog;
import dev.userbase.local.lambda.LocalFunction;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.event.ruler.GenericMachine;

/**
 * One event source mapping on a table's stream: finds the shards, and runs a {@link ShardConsumer}
 * per shard on its own thread, so each shard is processed in order and shards in parallel. A child
 * shard starts only after its parent is finished (DynamoDB Streams' lineage rule: a key's older
 * changes are in the parent).
 */
public final class StreamPoller implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(StreamPoller.class);
    /** How long close() lets a shard finish the invocation it is in. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final EventSourceMapping mapping;
    private final LocalFunction function;
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final Checkpoints checkpoints;
    private final EventLog failureDestination;
    private final Clock clock;
    private final Duration pollInterval;
    private final Predicate<ObjectNode> filter;
    private final Map<String, Thread> consumers = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread discovery;

    public StreamPoller(EventSourceMapping mapping, LocalFunction function, DynamoDbStreamsClient streams,
                        String streamArn, String region, Checkpoints checkpoints, EventLog failureDestination,
                        Clock clock, Duration pollInterval) {
        this.mapping = mapping;
        this.function = function;
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
        this.checkpoints = checkpoints;
        this.failureDestination = failureDestination;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.filter = filterOf(mapping.filters());
    }

    /** Lambda's filter criteria: a record passes if any pattern matches its JSON (event-ruler, as Lambda uses). */
    static Predicate<ObjectNode> filterOf(List<JsonNode> patterns) {
        if (patterns.isEmpty()) {
            return json -> true;
        }
        GenericMachine<Integer> machine = GenericMachine.<Integer>builder().build();
        for (int i = 0; i < patterns.size(); i++) {
            try {
                machine.addRule(i, Json.string(patterns.get(i)));
            } catch (Exception e) {
                throw new IllegalArgumentException("invalid filter pattern " + patterns.get(i) + ": " + e.getMessage(), e);
            }
        }
        return json -> !machine.rulesForJSONEvent(json).isEmpty();
    }

    public String mappingName() {
        return function.name();
    }

    /** Finds the shards now (so a failure to reach the stream shows at start) and starts polling them. */
    public void start() {
        running = true;
        discover();
        discovery = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1000);
                    discover();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("{}: cannot list the shards of {}: {}", mappingName(), streamArn, e.toString());
                    }
                }
            }
        }, "stream-" + mappingName() + "-shards");
        discovery.setDaemon(true);
        discovery.start();
    }

    private synchronized void discover() {
        List<Shard> shards = new ArrayList<>();
        String from = null;
        do {
            String start = from;
            StreamDescription description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            shards.addAll(description.shards());
            from = description.lastEvaluatedShardId();
        } while (from != null);
        Set<String> listed = ConcurrentHashMap.newKeySet();
        shards.forEach(s -> listed.add(s.shardId()));
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (consumers.containsKey(id) || finished.contains(id)) {
                continue;
            }
            if (checkpoints.finished(mappingName(), streamArn, id)) {
                finished.add(id);
                continue;
            }
            String parent = shard.parentShardId();
            boolean parentDone = parent == null || !listed.contains(parent) || finished.contains(parent)
                    || checkpoints.finished(mappingName(), streamArn, parent);
            if (parentDone && running) {
                startConsumer(id);
            }
        }
    }

    private void startConsumer(String shardId) {
        Optional<String> checkpoint = checkpoints.sequenceNumber(mappingName(), streamArn, shardId);
        ShardConsumer consumer = ShardConsumer.builder()
                .mapping(mapping)
                .functionArn(function.arn())
                .streamArn(streamArn)
                .shardId(shardId)
                .region(region)
                .reader(new DynamoDbShardReader(streams, streamArn, shardId, checkpoint, mapping.startingPosition()))
                .function(function::invoke)
                .filter(filter)
                .checkpoint(sequence -> checkpoints.advance(mappingName(), streamArn, shardId, sequence))
                .onFailure(failureDestination::append)
                .clock(clock)
                .build();
        Thread thread = new Thread(() -> run(consumer), "stream-" + mappingName() + "-" + shardId);
        thread.setDaemon(true);
        consumers.put(shardId, thread);
        thread.start();
        LOG.debug("{}: polling shard {} from {}", mappingName(), shardId, checkpoint.orElse(mapping.startingPosition().name()));
    }

    private void run(ShardConsumer consumer) {
        while (running) {
            try {
                boolean read = consumer.step();
                if (consumer.finished()) {
                    checkpoints.finish(mappingName(), streamArn, consumer.shardId());
                    finished.add(consumer.shardId());
                    consumers.remove(consumer.shardId());
                    LOG.debug("{}: shard {} finished", mappingName(), consumer.shardId());
                    return;
                }
                if (!read) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{}: shard {}: {}; retrying", mappingName(), consumer.shardId(), e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Stops polling. A shard in the middle of an invocation finishes it and checkpoints (so a Ctrl-C
     * does not cause a redelivery); one still retrying after the grace period is interrupted, and its
     * batch is delivered again on the next start, as after a crash.
     */
    @Override
    public void close() {
        running = false;
        if (discovery != null) {
            discovery.interrupt();
        }
        List<Thread> threads = new ArrayList<>(consumers.values());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(2000);
                }
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
    }
}
