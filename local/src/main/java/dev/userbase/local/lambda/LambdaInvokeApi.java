package dev.userbase.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.local.Json;
import dev.userbase.local.http.LocalHttpServer;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) over the
 * local functions, answering as Lambda does: the function's result as the body; for a failed
 * invocation still 200, with {@code X-Amz-Function-Error: Unhandled} and the error document;
 * service errors as {@code x-amzn-ErrorType} + a JSON message. Any AWS SDK (cognito-local's among
 * them) pointed at this endpoint invokes the real handler classes.
 */
public final class LambdaInvokeApi implements HttpHandler {

    public static final String PATH = "/2015-03-31/functions/";
    private static final Logger LOG = LogManager.getLogger(LambdaInvokeApi.class);
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

    private final FunctionRegistry functions;
    private final ExecutorService asyncInvocations = Executors.newCachedThreadPool(
            FunctionRegistry.daemonThreads("lambda-async-"));

    public LambdaInvokeApi(FunctionRegistry functions) {
        this.functions = functions;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Matcher matcher = INVOKE.matcher(exchange.getRequestURI().getRawPath());
        if (!matcher.matches()) {
            serviceError(exchange, 404, "UnknownOperationException", "unknown operation " + exchange.getRequestURI().getPath());
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            serviceError(exchange, 405, "UnknownOperationException", "Invoke takes POST");
            return;
        }
        String functionName = matcher.group(1);
        Optional<LocalFunction> found = functions.find(functionName);
        if (found.isEmpty()) {
            serviceError(exchange, 404, "ResourceNotFoundException",
                    "Function not found: " + functions.arn(functionName));
            return;
        }
        LocalFunction function = found.get();
        byte[] payload;
        try {
            payload = LocalHttpServer.body(exchange);
        } catch (LocalHttpServer.BodyTooLargeException e) {
            serviceError(exchange, 413, "RequestTooLargeException", "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
            return;
        }
        if (payload.length == 0) {
            payload = "{}".getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                Json.parse(payload);
            } catch (IllegalArgumentException e) {
                serviceError(exchange, 400, "InvalidRequestContentException",
                        "Could not parse request body into json: " + e.getMessage());
                return;
            }
        }
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        switch (invocationType) {
            case "RequestResponse" -> {
                InvocationResult result = function.invoke(payload);
                exchange.getResponseHeaders().set("x-amzn-RequestId", result.requestId());
                if (result.failed()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", result.functionError());
                }
                LocalHttpServer.send(exchange, 200, "application/json", result.payload());
            }
            case "Event" -> {
                byte[] event = payload;
                asyncInvocations.submit(() -> {
                    InvocationResult result = function.invoke(event);
                    if (result.failed()) {
                        LOG.warn("{}: asynchronous invocation {} failed: {}", function.name(), result.requestId(),
                                result.payloadText());
                    }
                });
                LocalHttpServer.send(exchange, 202, null, null);
            }
            case "DryRun" -> LocalHttpServer.send(exchange, 204, null, null);
            default -> serviceError(exchange, 400, "InvalidParameterValueException",
                    "Unsupported InvocationType " + invocationType);
        }
    }

    private static void serviceError(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        LocalHttpServer.sendJson(exchange, status, Json.object().put("Type", "User").put("message", message));
    }
}
