package dev.userbase.dynamodb.streams;

/**
 * When shards roll over: after this many records, or this age, whichever comes first; 0 for never
 * (one shard per stream, as DynamoDB Local has).
 */
public record StreamSettings(int recordsPerShard, long shardLifetimeMillis) {

    public static final StreamSettings ONE_SHARD = new StreamSettings(0, 0);
}
