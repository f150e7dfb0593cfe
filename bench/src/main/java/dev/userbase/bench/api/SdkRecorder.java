package dev.userbase.bench.api;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * An SDK interceptor for the benchmark: asks DynamoDB for the consumed capacity of every call and
 * adds it up, and records the requests a handler invocation made (as the handler built them), so
 * the bare-SDK baseline can send exactly those requests again.
 */
final class SdkRecorder implements ExecutionInterceptor {

    private final ThreadLocal<Recording> current = new ThreadLocal<>();

    /** What one invocation sent: the requests, and the read/write capacity units DynamoDB charged. */
    static final class Recording {
        final List<SdkRequest> requests = new ArrayList<>();
        double readUnits;
        double writeUnits;
        int failedConditions;
        /** Per call: the operation and its units, the table's and each index's, as DynamoDB itemised them. */
        final List<String> capacityDetails = new ArrayList<>();
    }

    Recording start() {
        Recording recording = new Recording();
        current.set(recording);
        return recording;
    }

    void stop() {
        current.remove();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Recording recording = current.get();
        if (recording != null) {
            recording.requests.add(context.request());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        // INDEXES: the same totals as TOTAL, itemised per table and index so they can be checked by hand
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Recording recording = current.get();
        if (recording == null) {
            return;
        }
        SdkResponse response = context.response();
        boolean write = context.request() instanceof PutItemRequest || context.request() instanceof UpdateItemRequest
                || context.request() instanceof DeleteItemRequest || context.request() instanceof TransactWriteItemsRequest;
        for (ConsumedCapacity capacity : capacities(response)) {
            if (capacity == null || capacity.capacityUnits() == null) {
                continue;
            }
            if (write) {
                recording.writeUnits += capacity.capacityUnits();
            } else {
                recording.readUnits += capacity.capacityUnits();
            }
            recording.capacityDetails.add(detail(context.request(), capacity));
        }
    }

    private static String detail(SdkRequest request, ConsumedCapacity capacity) {
        StringBuilder out = new StringBuilder(request.getClass().getSimpleName().replace("Request", ""))
                .append(' ').append(units(capacity.capacityUnits()));
        java.util.List<String> parts = new ArrayList<>();
        if (capacity.table() != null && capacity.table().capacityUnits() != null) {
            parts.add("table " + units(capacity.table().capacityUnits()));
        }
        if (capacity.hasGlobalSecondaryIndexes()) {
            capacity.globalSecondaryIndexes().forEach((name, c) -> parts.add(name + " " + units(c.capacityUnits())));
        }
        if (capacity.hasLocalSecondaryIndexes()) {
            capacity.localSecondaryIndexes().forEach((name, c) -> parts.add(name + " " + units(c.capacityUnits())));
        }
        if (!parts.isEmpty()) {
            out.append(" (").append(String.join(", ", parts)).append(')');
        }
        return out.toString();
    }

    private static String units(Double units) {
        return units == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f", units);
    }

    private static List<ConsumedCapacity> capacities(SdkResponse response) {
        if (response instanceof GetItemResponse r) {
            return single(r.consumedCapacity());
        } else if (response instanceof PutItemResponse r) {
            return single(r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            return single(r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r) {
            return single(r.consumedCapacity());
        } else if (response instanceof QueryResponse r) {
            return single(r.consumedCapacity());
        } else if (response instanceof BatchGetItemResponse r) {
            return r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
        } else if (response instanceof TransactWriteItemsResponse r) {
            return r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
        }
        return List.of();
    }

    private static List<ConsumedCapacity> single(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    /** Sends {@code request} again; refused conditions are part of what the handler saw too. */
    static void replay(DynamoDbClient dynamoDb, SdkRequest request) {
        try {
            if (request instanceof GetItemRequest r) {
                dynamoDb.getItem(r);
            } else if (request instanceof PutItemRequest r) {
                dynamoDb.putItem(r);
            } else if (request instanceof UpdateItemRequest r) {
                dynamoDb.updateItem(r);
            } else if (request instanceof DeleteItemRequest r) {
                dynamoDb.deleteItem(r);
            } else if (request instanceof QueryRequest r) {
                dynamoDb.query(r);
            } else if (request instanceof BatchGetItemRequest r) {
                dynamoDb.batchGetItem(r);
            } else if (request instanceof TransactWriteItemsRequest r) {
                dynamoDb.transactWriteItems(r);
            } else {
                throw new IllegalStateException("no replay for " + request.getClass().getSimpleName());
            }
        } catch (DynamoDbException expected) {
            // a failed condition costs the same round trip in both runs
        }
    }
}
