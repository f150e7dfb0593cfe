package dev.userbase.cdk;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.GatewayProblem;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IModel;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API: one resource and method per {@link ApiRoute}, each behind the Cognito authorizer (with
 * the route's OAuth scopes, if any: {@link ApiRoute#authorization()}) and integrated (Lambda proxy) with
 * the alias of its {@link ApiFunction}. Bodies are checked against
 * {@link RequestModels} before a function runs, and every error API Gateway answers by itself is
 * an {@code application/problem+json} document like the handlers' own.
 */
public final class UsersApi extends Construct {

    public static final String STAGE = "v1";
    public static final double RATE_LIMIT = 1000;
    public static final double BURST_LIMIT = 2000;

    public record Props(DeploymentSettings settings, IUserPool userPool, Map<ApiFunction, IFunction> functions) {
    }

    /** Access log line: no query strings (search terms) and no bodies, the caller only by Cognito sub. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"extendedRequestId\":\"$context.extendedRequestId\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"userAgent\":\"$context.identity.userAgent\","
            + "\"sub\":\"$context.authorizer.claims.sub\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\","
            + "\"resourcePath\":\"$context.resourcePath\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\","
            + "\"errorMessage\":\"$context.error.message\","
            + "\"xrayTraceId\":\"$context.xrayTraceId\"}";

    private final RestApi api;
    private final LogGroup accessLogs;

    public UsersApi(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();

        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();

        RestApi.Builder builder = RestApi.Builder.create(this, "Api")
                .restApiName(settings.namePrefix())
                .description("userbase REST API (" + settings.environment() + ")")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Execution logs need the account-level CloudWatch role; it outlives any one stack.
                .cloudWatchRole(settings.apiGatewayCloudWatchRole())
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(RATE_LIMIT)
                        .throttlingBurstLimit(BURST_LIMIT)
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        // Full request/response logging would write tokens and personal data to logs.
                        .dataTraceEnabled(false)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .build());
        if (!settings.corsOrigins().isEmpty()) {
            builder.defaultCorsPreflightOptions(CorsOptions.builder()
                    .allowOrigins(settings.corsOrigins())
                    .allowMethods(List.of("GET", "PUT", "POST", "DELETE", "OPTIONS"))
                    .allowHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key"))
                    .exposeHeaders(List.of("ETag", "Location"))
                    .maxAge(Duration.hours(1))
                    .build());
        }
        if (settings.apiGatewayCloudWatchRole()) {
            builder.cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN);
        }
        api = builder.build();
        if (settings.apiGatewayCloudWatchRole()) {
            Suppressions.suppress(api, "AwsSolutions-IAM4",
                    "The account-level role API Gateway writes execution logs with: AWS documents "
                            + "AmazonAPIGatewayPushToCloudWatchLogs for it, and the log groups it writes are "
                            + "created by API Gateway, so they cannot be named here.",
                    List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        }
        if (settings.waf()) {
            new ApiFirewall(this, "Firewall", settings, api.getDeploymentStage());
        } else {
            Suppressions.suppress(api, "AwsSolutions-APIG3",
                    "The WAF was switched off for this environment with -c waf=false.");
        }

        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                .authorizerName(settings.namePrefix() + "-cognito")
                .cognitoUserPools(List.of(props.userPool()))
                .identitySource("method.request.header.Authorization")
                .resultsCacheTtl(Duration.minutes(5))
                .build();

        RequestValidator validator = api.addRequestValidator("Validator", RequestValidatorOptions.builder()
                .requestValidatorName("body-and-parameters")
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());

        Map<ApiFunction, LambdaIntegration> integrations = new EnumMap<>(ApiFunction.class);
        for (ApiFunction function : ApiFunction.values()) {
            IFunction target = props.functions().get(function);
            if (target == null) {
                throw new IllegalArgumentException("no function for " + function);
            }
            // The test-invoke permission would double the function's resource policy for a console feature.
            integrations.put(function, LambdaIntegration.Builder.create(target).proxy(true).allowTestInvoke(false).build());
        }

        Map<String, IModel> models = new HashMap<>();
        for (ApiRoute route : ApiRoute.values()) {
            IResource resource = api.getRoot().resourceForPath(route.path());
            MethodOptions.Builder method = MethodOptions.builder()
                    .operationName(operationName(route))
                    .authorizationType(AuthorizationType.COGNITO)
                    .authorizer(authorizer)
                    .requestValidator(validator);
            // With scopes the authorizer takes only access tokens carrying one; without, only ID tokens.
            List<String> scopes = route.authorization().scopes();
            if (!scopes.isEmpty()) {
                method.authorizationScopes(scopes);
            }
            RequestModels.forRoute(route).ifPresent(model -> method.requestModels(Map.of("application/json",
                    models.computeIfAbsent(model.name(), name -> api.addModel(name, ModelOptions.builder()
                            .modelName(name)
                            .description(model.description())
                            .contentType("application/json")
                            .schema(model.schema())
                            .build())))));
            Map<String, Boolean> parameters = RequestModels.requiredParameters(route);
            if (!parameters.isEmpty()) {
                method.requestParameters(parameters);
            }
            resource.addMethod(route.method(), integrations.get(route.function()), method.build());
        }

        addProblemResponses(settings);
    }

    /**
     * Errors API Gateway answers itself (validation, authorizer, throttling, unknown routes, size) in
     * the handlers' format: RFC 9457 problem details with the API's problem types and the request id,
     * one gateway response per {@link GatewayProblem} (the local stack's gateway answers from the same).
     */
    private void addProblemResponses(DeploymentSettings settings) {
        for (GatewayProblem problem : GatewayProblem.values()) {
            Map<String, String> headers = new LinkedHashMap<>();
            problem.headers().forEach((name, value) -> headers.put(name, "'" + value + "'"));
            // A single allowed origin can be named on error responses; several could only be echoed.
            if (settings.corsOrigins().size() == 1) {
                headers.put("Access-Control-Allow-Origin", "'" + settings.corsOrigins().get(0) + "'");
            }
            ResponseType type = responseType(problem);
            GatewayResponseOptions.Builder response = GatewayResponseOptions.builder()
                    .type(type)
                    .responseHeaders(headers)
                    .templates(Map.of("application/json", problemTemplate(problem)));
            problem.status().ifPresent(status -> response.statusCode(Integer.toString(status)));
            // Named after the response type: CDK's ResponseType has no toString of its own, and ids made
            // from its identity hash changed from one synthesis to the next.
            api.addGatewayResponse(problem.responseType(), response.build());
        }
    }

    /** CDK's constant for a response type (exhaustive: a new {@link GatewayProblem} needs one here). */
    static ResponseType responseType(GatewayProblem problem) {
        return switch (problem) {
            case BAD_REQUEST_BODY -> ResponseType.BAD_REQUEST_BODY;
            case BAD_REQUEST_PARAMETERS -> ResponseType.BAD_REQUEST_PARAMETERS;
            case UNAUTHORIZED -> ResponseType.UNAUTHORIZED;
            case ACCESS_DENIED -> ResponseType.ACCESS_DENIED;
            case WAF_FILTERED -> ResponseType.WAF_FILTERED;
            case MISSING_AUTHENTICATION_TOKEN -> ResponseType.MISSING_AUTHENTICATION_TOKEN;
            case RESOURCE_NOT_FOUND -> ResponseType.RESOURCE_NOT_FOUND;
            case REQUEST_TOO_LARGE -> ResponseType.REQUEST_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> ResponseType.UNSUPPORTED_MEDIA_TYPE;
            case THROTTLED -> ResponseType.THROTTLED;
            case QUOTA_EXCEEDED -> ResponseType.QUOTA_EXCEEDED;
            case AUTHORIZER_FAILURE -> ResponseType.AUTHORIZER_FAILURE;
            case AUTHORIZER_CONFIGURATION_ERROR -> ResponseType.AUTHORIZER_CONFIGURATION_ERROR;
            case INTEGRATION_FAILURE -> ResponseType.INTEGRATION_FAILURE;
            case INTEGRATION_TIMEOUT -> ResponseType.INTEGRATION_TIMEOUT;
            case DEFAULT_4XX -> ResponseType.DEFAULT_4_XX;
            case DEFAULT_5XX -> ResponseType.DEFAULT_5_XX;
        };
    }

    /** The body: API Gateway fills in {@code $context} variables ({@code messageString} is already quoted JSON). */
    static String problemTemplate(GatewayProblem problem) {
        return "{\"type\":\"" + problem.type() + "\","
                + "\"title\":\"" + problem.title() + "\","
                + (problem.status().isEmpty() ? "" : "\"status\":" + problem.status().getAsInt() + ",")
                + "\"detail\":$context.error.messageString,"
                + "\"requestId\":\"$context.requestId\"}";
    }

    /** {@code GET_MY_FOLLOWERS} -> {@code getMyFollowers}: the name SDK generators give the operation. */
    static String operationName(ApiRoute route) {
        StringBuilder name = new StringBuilder();
        for (String word : route.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    public RestApi api() {
        return api;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }
}
