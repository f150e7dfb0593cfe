package dev.userbase.core.api;

/**
 * The Lambda functions the REST API is split into. Routes are grouped by the permissions they need,
 * so each function gets only those (the admin function alone may call Cognito admin actions).
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
