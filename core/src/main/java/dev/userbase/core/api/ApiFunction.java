package dev.userbase.core.api;

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

    private final String handlerClass;

    ApiFunction(String handlerClass) {
        this.handlerClass = handlerClass;
    }

    /** Fully qualified name of the handler class in the api-handlers jar. */
    public String handlerClass() {
        return handlerClass;
    }
}
