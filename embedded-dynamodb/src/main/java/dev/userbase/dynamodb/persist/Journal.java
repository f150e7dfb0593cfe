package dev.userbase.dynamodb.persist;

import java.io.IOException;

/**
 * Where acknowledged changes are written before they are applied. {@link #NONE} keeps nothing
 * (an in-memory engine); a durable journal returns only once the change would survive the process
 * being killed.
 */
public interface Journal extends AutoCloseable {

    Journal NONE = new Journal() {
        @Override
        public void append(Mutation mutation) {
        }

        @Override
        public void close() {
        }
    };

    void append(Mutation mutation) throws IOException;

    /** Called under the database's write lock once an appended change was applied (a moment to compact). */
    default void applied() throws IOException {
    }

    @Override
    void close() throws IOException;
}
