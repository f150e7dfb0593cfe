package dev.userbase.local.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;
import dev.userbase.local.LocalClients;
import dev.userbase.local.LocalStack;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * What a client of the stack does: Cognito through the real SDK against cognito-local, HTTP to the
 * REST API and the local AWS endpoint.
 */
public final class StackClient implements AutoCloseable {

    private final LocalStack stack;
    private final CognitoIdentityProviderClient cognito;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public StackClient(LocalStack stack) {
        this.stack = stack;
        this.cognito = LocalClients.of(CognitoIdentityProviderClient.builder(), stack.cognitoEndpoint());
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito;
    }

    /** SignUp; returns the new user's sub. */
    public String signUp(String email, String password, String name) {
        return cognito.signUp(r -> r.clientId(stack.userPool().clientId()).username(email).password(password)
                .userAttributes(AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("given_name").value(name.split(" ", 2)[0]).build(),
                        AttributeType.builder().name("family_name").value(name.contains(" ") ? name.split(" ", 2)[1] : "").build()))
                .userSub();
    }

    /** ConfirmSignUp with the code cognito-local printed for the address. */
    public void confirmWithPrintedCode(String email) {
        String code;
        try {
            code = stack.confirmationCodes().await(email, Instant.EPOCH, Duration.ofSeconds(5))
                    .orElseThrow(() -> new AssertionError("cognito-local printed no code for " + email)).code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        cognito.confirmSignUp(r -> r.clientId(stack.userPool().clientId()).username(email).confirmationCode(code));
    }

    public void adminConfirm(String email) {
        cognito.adminConfirmSignUp(r -> r.userPoolId(stack.userPool().userPoolId()).username(email));
    }

    /** {@link #signUp}, then {@link #adminConfirm}: a user who can sign in; returns their sub. */
    public String signUpConfirmed(String email, String password, String name) {
        String sub = signUp(email, password, name);
        adminConfirm(email);
        return sub;
    }

    /** Adds the user to the pool's {@code admin} group: the ID tokens it issues next carry the group. */
    public void makeAdmin(String email) {
        cognito.adminAddUserToGroup(r -> r.userPoolId(stack.userPool().userPoolId()).username(email).groupName("admin"));
    }

    /** {@link #makeAdmin}, then {@link #signIn}: an administrator's ID token. */
    public String signInAsAdmin(String email, String password) {
        makeAdmin(email);
        return signIn(email, password);
    }

    /** InitiateAuth (USER_PASSWORD_AUTH); returns the ID token, the one the API takes. */
    public String signIn(String email, String password) {
        return authenticate(email, password).idToken();
    }

    /** InitiateAuth (USER_PASSWORD_AUTH); returns all three tokens. */
    public AuthenticationResultType authenticate(String email, String password) {
        return cognito.initiateAuth(r -> r.clientId(stack.userPool().clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(java.util.Map.of("USERNAME", email, "PASSWORD", password)))
                .authenticationResult();
    }

    public Response api(String method, String path, String token, String body) {
        return api(method, path, token, body, java.util.Map.of());
    }

    public Response api(String method, String path, String token, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events on the local bus, from {@code GET /_local/events}. */
    public List<JsonNode> events() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.awsEndpoint() + "/_local/events"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> events = new java.util.ArrayList<>();
            Json.parse(response.body()).forEach(events::add);
            return events;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds (the stream pipeline is asynchronous) or fails after the timeout. */
    public static <T> T eventually(Duration timeout, java.util.function.Supplier<T> value, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = value.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still not there after " + timeout.toSeconds() + " s: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        return last;
    }

    @Override
    public void close() {
        cognito.close();
    }

    /** An HTTP response. */
    public record Response(int status, String body, String contentType, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return Json.parse(body);
        }
    }
}
