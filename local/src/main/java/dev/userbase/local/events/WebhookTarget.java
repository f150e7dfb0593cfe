package dev.userbase.local.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;

/**
 * POSTs the event as JSON to a URL (what an EventBridge API destination does). Any 2xx is delivered;
 * anything else, or no answer within the timeout, is a failure the bus retries.
 */
final class WebhookTarget implements EventTarget {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI url;
    private final Map<String, String> headers;

    public WebhookTarget(URI url, Map<String, String> headers) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook URL must be http(s): " + url);
        }
        this.url = url;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void deliver(ObjectNode event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(event)));
        headers.forEach(request::header);
        HttpResponse<Void> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("webhook answered " + response.statusCode());
        }
    }

    @Override
    public String describe() {
        return "webhook " + url;
    }
}
