package dev.userbase.core.api;

import java.time.Duration;

/**
 * The Lambda functions the REST API is split into. Routes are grouped by the permissions they need,
 * so each function gets only those: the social function never calls Cognito; the self function
 * only AdminDisableUser and AdminUpdateUserAttributes, on its caller (deletion, email change); the
 * admin function the rest (docs/API.md lists them).
 */
public enum ApiFunction {
    SELF("dev.userbase.api.SelfApiHandler"),
    SOCIAL("dev.userbase.api.SocialApiHandler"),
    ADMIN("dev.userbase.api.AdminApiHandler");

    /**
     * Each API function's timeout, deployed and local alike. API Gateway would wait 29 s, but a
     * request taking 10 s is already a failure worth an alarm, and every call a request makes ends
     * well before (the API functions' clients, {@code AwsClients#forApiFunctions}).
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String handlerClass;

    ApiFunction(String handlerClass) {
        this.handlerClass = handlerClass;
    }

    /** Fully qualified name of the handler class in the api-handlers jar. */
    public String handlerClass() {
        return handlerClass;
    }
}
