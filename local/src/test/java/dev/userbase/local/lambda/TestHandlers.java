package dev.userbase.local.lambda;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

/** Handlers for the Lambda runtime emulation's tests. */
final class TestHandlers {

    private TestHandlers() {
    }

    /** Auto-confirms, and echoes what it read in clientMetadata so the test sees the event was parsed. */
    public static final class ConfirmingPreSignUp
            implements RequestHandler<CognitoUserPoolPreSignUpEvent, CognitoUserPoolPreSignUpEvent> {
        @Override
        public CognitoUserPoolPreSignUpEvent handleRequest(CognitoUserPoolPreSignUpEvent event, Context context) {
            event.getResponse().setAutoConfirmUser(true);
            event.getRequest().getClientMetadata().put("seenEmail", event.getRequest().getUserAttributes().get("email"));
            event.getRequest().getClientMetadata().put("function", context.getFunctionName());
            return event;
        }
    }

    /** Reports as failed every record it cannot read fully, by sequence number. */
    public static final class AttributeReadingStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                boolean understood;
                if (record.getEventName().equals("INSERT")) {
                    var image = record.getDynamodb().getNewImage();
                    AttributeValue nested = image.get("nested");
                    understood = image.get("count").getN().equals("42")
                            && new String(image.get("blob").getB().array()).equals("hello")
                            && image.get("tags").getSS().equals(List.of("x", "y"))
                            && nested.getM().get("flag").getBOOL()
                            && nested.getM().get("none").getNULL()
                            && nested.getM().get("list").getL().get(1).getS().equals("two")
                            && record.getDynamodb().getApproximateCreationDateTime().getTime() == 1772359200000L;
                } else {
                    understood = record.getUserIdentity() != null
                            && record.getUserIdentity().getPrincipalId().equals("dynamodb.amazonaws.com")
                            && record.getEventSourceARN().contains(":table/users/stream/");
                }
                if (!understood) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                }
            }
            return new StreamsEventResponse(failures);
        }
    }

    public static final class Failing implements RequestHandler<Object, Object> {
        @Override
        public Object handleRequest(Object input, Context context) {
            throw new IllegalStateException("boom", new IllegalArgumentException("root cause"));
        }
    }

    public static final class Sleepy implements RequestHandler<Object, String> {
        @Override
        public String handleRequest(Object input, Context context) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    /** Counts its instances (one per environment); each call waits at a barrier for a second concurrent one. */
    public static final class Counting implements RequestHandler<Object, Integer> {
        static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();
        static volatile java.util.concurrent.CyclicBarrier barrier;

        public Counting() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public Integer handleRequest(Object input, Context context) {
            try {
                if (barrier != null) {
                    barrier.await(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("no concurrent invocation arrived", e);
            }
            return INSTANCES.get();
        }
    }

    public static final class Echo implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            input.transferTo(output);
        }
    }
}
