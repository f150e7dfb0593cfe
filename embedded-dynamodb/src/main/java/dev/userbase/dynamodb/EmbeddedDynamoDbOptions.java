package dev.userbase.dynamodb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an engine runs. Defaults: loopback, a free port, in memory, us-east-1, TTL swept every second
 * with no delay, one shard per stream, no gap inside transactions, writes not fsync'd (they survive
 * a killed process, not a power cut).
 */
public record EmbeddedDynamoDbOptions(String host, int port, Optional<Path> dataDirectory, String region, Clock clock,
        Duration ttlInterval, Duration ttlDelay, int recordsPerShard, Duration shardLifetime, Duration transactionWindow,
        boolean syncWrites) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private String region = "us-east-1";
        private Clock clock = Clock.systemUTC();
        private Duration ttlInterval = Duration.ofSeconds(1);
        private Duration ttlDelay = Duration.ZERO;
        private int recordsPerShard;
        private Duration shardLifetime = Duration.ZERO;
        private Duration transactionWindow = Duration.ZERO;
        private boolean syncWrites;

        private Builder() {
        }

        public Builder host(String value) {
            this.host = Objects.requireNonNull(value);
            return this;
        }

        /** 0 for any free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Keeps the data in this directory (created if missing) instead of in memory. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        public Builder region(String value) {
            this.region = Objects.requireNonNull(value);
            return this;
        }

        /** The engine's time: TTL, stream retention and iterator expiry follow it. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** How often expired items are looked for; zero for never (call {@code sweepExpiredItems}). */
        public Builder ttlInterval(Duration value) {
            this.ttlInterval = Objects.requireNonNull(value);
            return this;
        }

        /** How long after its TTL an item is deleted (DynamoDB takes up to a few days). */
        public Builder ttlDelay(Duration value) {
            this.ttlDelay = Objects.requireNonNull(value);
            return this;
        }

        /** Roll a stream's shard over after this many records (0: never). */
        public Builder recordsPerShard(int value) {
            this.recordsPerShard = value;
            return this;
        }

        /** Roll a stream's shard over at this age (zero: never); DynamoDB's live about four hours. */
        public Builder shardLifetime(Duration value) {
            this.shardLifetime = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long a transaction holds its items between checking and applying; concurrent
         * transactions on an item in that gap are cancelled with TransactionConflict.
         */
        public Builder transactionWindow(Duration value) {
            this.transactionWindow = Objects.requireNonNull(value);
            return this;
        }

        /** fsync every acknowledged write (survives a power cut, not only a killed process). */
        public Builder syncWrites(boolean value) {
            this.syncWrites = value;
            return this;
        }

        public EmbeddedDynamoDbOptions build() {
            return new EmbeddedDynamoDbOptions(host, port, Optional.ofNullable(dataDirectory), region, clock, ttlInterval,
                    ttlDelay, recordsPerShard, shardLifetime, transactionWindow, syncWrites);
        }
    }
}
