package dev.userbase.local.streams;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.Record;

/** The records of one shard, in order: each poll returns the next ones (often none). */
interface ShardReader {

    List<Record> poll();

    /** True once the shard is closed and every record has been returned. */
    boolean ended();
}
