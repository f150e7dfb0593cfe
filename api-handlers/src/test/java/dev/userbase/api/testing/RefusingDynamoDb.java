package dev.userbase.api.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client with no operations: every call fails (the SDK interface's defaults throw
 * UnsupportedOperationException, which the API answers with a 500). A unit test that gets a 4xx
 * through a handler built on it proves the request was refused before touching the table.
 */
public final class RefusingDynamoDb implements DynamoDbClient {

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
