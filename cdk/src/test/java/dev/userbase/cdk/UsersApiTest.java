package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.api.http.ApiProblem;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.api.http.Problems;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.GatewayProblem;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.UserStatus;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;

class UsersApiTest {

    private static Template template;
    private static JsonNode json;
    private static Template minimal;
    private static final Map<ApiFunction, String> FUNCTION_IDS = new EnumMap<>(ApiFunction.class);

    @BeforeAll
    static void synthesize() throws Exception {
        template = SynthesizedStack.synthesize("Api", stack -> api(stack, TestInputs.devSettings()));
        json = SynthesizedApp.JSON.valueToTree(template.toJSON());
        minimal = SynthesizedStack.synthesize("MinimalApi", stack -> api(stack, TestInputs.settings(Map.of(
                DeploymentSettings.CORS_ORIGINS, "none", DeploymentSettings.WAF, "false"))));
        for (ApiFunction function : ApiFunction.values()) {
            String prefix = "Fn" + function.name();
            FUNCTION_IDS.put(function, template.findResources("AWS::Lambda::Function").keySet().stream()
                    .filter(id -> id.startsWith(prefix)).findFirst().orElseThrow());
        }
    }

    private static void api(Stack stack, DeploymentSettings settings) {
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        Map<ApiFunction, IFunction> functions = new EnumMap<>(ApiFunction.class);
        for (ApiFunction function : ApiFunction.values()) {
            functions.put(function, Function.Builder.create(stack, "Fn" + function.name())
                    .runtime(Runtime.NODEJS_22_X)
                    .handler("index.handler")
                    .code(Code.fromInline("exports.handler = async () => ({statusCode: 200});"))
                    .build());
        }
        new UsersApi(stack, "Api", new UsersApi.Props(settings, pool, functions));
    }

    @Test
    void everyRoute_isAMethodBehindTheCognitoAuthorizer_integratedWithItsFunction() {
        Set<String> deployed = new TreeSet<>();
        for (RoutedMethod method : routedMethods()) {
            JsonNode properties = method.properties();
            ApiRoute route = method.route();
            deployed.add(method.httpMethod() + " " + method.path());
            assertThat(properties.get("AuthorizationType").asText()).isEqualTo("COGNITO_USER_POOLS");
            assertThat(properties.at("/AuthorizerId/Ref").asText()).startsWith("ApiAuthorizer");
            assertThat(properties.at("/Integration/Type").asText()).isEqualTo("AWS_PROXY");
            assertThat(PolicyStatements.flatten(properties.at("/Integration/Uri")))
                    .contains(FUNCTION_IDS.get(route.function()));
            assertThat(properties.get("OperationName").asText()).isEqualTo(UsersApi.operationName(route));
        }
        Set<String> expected = Arrays.stream(ApiRoute.values()).map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(deployed).isEqualTo(expected);
    }

    /**
     * API Gateway's Cognito authorizer takes ID tokens on a method without OAuth scopes and only access
     * tokens with one of the scopes on a method with them; the local stack's authorizer enforces
     * {@link ApiRoute#authorization()} (CognitoAuthorizerTest, GatewayRefusalsIT), so the deployed
     * methods must carry exactly those scopes.
     */
    @Test
    void everyMethod_hasTheScopesOfItsRoute_soItTakesTheTokensTheLocalAuthorizerTakes() {
        List<RoutedMethod> methods = routedMethods();
        for (RoutedMethod method : methods) {
            JsonNode properties = method.properties();
            ApiRoute route = method.route();
            List<String> scopes = SynthesizedApp.strings(properties.get("AuthorizationScopes"));
            assertThat(scopes).as(route.name()).isEqualTo(route.authorization().scopes());
            assertThat(route.authorization().acceptedToken()).as(route.name())
                    .isEqualTo(scopes.isEmpty() ? ApiRoute.TokenUse.ID : ApiRoute.TokenUse.ACCESS);
        }
        assertThat(methods).hasSize(ApiRoute.values().length);
    }

    @Test
    void bodies_areValidatedAgainstModels() {
        template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                "ValidateRequestBody", true, "ValidateRequestParameters", true));
        template.resourceCountIs("AWS::ApiGateway::Model", 6);
        template.hasResourceProperties("AWS::ApiGateway::Model", Map.of(
                "Name", "StatusChange",
                "ContentType", "application/json",
                "Schema", Match.objectLike(Map.of(
                        "$schema", "http://json-schema.org/draft-04/schema#",
                        "type", "object",
                        "required", List.of("status"),
                        "properties", Map.of("status", Map.of("type", "string",
                                "enum", Arrays.stream(UserStatus.values()).map(Enum::name).toList()))))));
        int withModel = 0;
        for (RoutedMethod method : routedMethods()) {
            JsonNode properties = method.properties();
            ApiRoute route = method.route();
            boolean hasModel = properties.has("RequestModels");
            assertThat(hasModel).as(route.name()).isEqualTo(RequestModels.forRoute(route).isPresent());
            assertThat(properties.at("/RequestValidatorId/Ref").asText()).isNotEmpty();
            withModel += hasModel ? 1 : 0;
        }
        assertThat(withModel).isEqualTo(7);
    }

    /**
     * The deployment's logical id is a hash over the API's definition, models included: properties written in
     * an order that changes between JVM runs (that of {@code Map.of}) would give every synthesis a new id, and
     * every deploy a new API Gateway deployment.
     */
    @Test
    void modelProperties_areInNameOrder_soEverySynthesisHashesTheSameDeployment() {
        int models = 0;
        for (Map.Entry<String, JsonNode> resource : json.get("Resources").properties()) {
            if (!resource.getValue().path("Type").asText().equals("AWS::ApiGateway::Model")) {
                continue;
            }
            List<String> names = new ArrayList<>();
            resource.getValue().at("/Properties/Schema/properties").fieldNames().forEachRemaining(names::add);
            assertThat(names).as(resource.getKey()).isSorted();
            models++;
        }
        assertThat(models).isEqualTo(6);
    }

    @Test
    void adminCreation_requiresAnIdempotencyKey() {
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "POST",
                "OperationName", "createUser",
                "RequestParameters", Map.of("method.request.header.Idempotency-Key", true)));
    }

    @Test
    void stage_isThrottledTracedAndAccessLogged() throws Exception {
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", UsersApi.STAGE,
                "TracingEnabled", true,
                "MethodSettings", List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*",
                        "ResourcePath", "/*",
                        "ThrottlingRateLimit", 1000,
                        "ThrottlingBurstLimit", 2000,
                        "LoggingLevel", "ERROR",
                        "DataTraceEnabled", false))),
                "AccessLogSetting", Map.of(
                        "DestinationArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn")))),
                        "Format", UsersApi.ACCESS_LOG_FORMAT)));
        // A log line is JSON once API Gateway fills in the variables.
        String line = UsersApi.ACCESS_LOG_FORMAT.replaceAll("\\$context\\.[a-zA-Z.]+", "x");
        assertThat(SynthesizedApp.JSON.readTree(line).has("requestId")).isTrue();
    }

    @Test
    void gatewayErrors_areProblemDocuments_likeTheHandlers() throws Exception {
        Map<String, JsonNode> responses = resources("AWS::ApiGateway::GatewayResponse");
        assertThat(responses).hasSize(GatewayProblem.values().length);
        Map<String, JsonNode> byType = new HashMap<>();
        for (JsonNode response : responses.values()) {
            JsonNode properties = response.get("Properties");
            byType.put(properties.get("ResponseType").asText(), properties);
            assertThat(properties.at("/ResponseParameters/gatewayresponse.header.Content-Type").asText())
                    .isEqualTo("'application/problem+json'");
            assertThat(properties.at("/ResponseParameters/gatewayresponse.header.Cache-Control").asText())
                    .isEqualTo("'no-store'");
            // What API Gateway does with the template: substitute the $context variables.
            String body = properties.at("/ResponseTemplates/application~1json").asText()
                    .replace("$context.error.messageString", "\"Invalid request body\"")
                    .replace("$context.requestId", "abc");
            JsonNode problem = SynthesizedApp.JSON.readTree(body);
            assertThat(problem.get("type").asText()).startsWith(Problems.TYPE_PREFIX);
            assertThat(problem.get("detail").asText()).isEqualTo("Invalid request body");
            assertThat(problem.get("requestId").asText()).isEqualTo("abc");
            if (properties.has("StatusCode")) {
                assertThat(problem.get("status").asText()).isEqualTo(properties.get("StatusCode").asText());
            } else {
                assertThat(problem.has("status")).isFalse();
            }
        }
        // Where the handlers answer the same status, the document is the one they write.
        // Domain failures by their kind; the refusals of a request as HTTP as the handlers raise them.
        Map<String, ApiResponse> sameAsHandlers = Map.of(
                "BAD_REQUEST_BODY", Problems.of(new UserServiceException(ErrorKind.INVALID_INPUT, "d"), "r"),
                "BAD_REQUEST_PARAMETERS", Problems.of(new UserServiceException(ErrorKind.INVALID_INPUT, "d"), "r"),
                "UNAUTHORIZED", Problems.of(refusal(ApiProblem.unauthenticated()), "r"),
                "ACCESS_DENIED", Problems.of(new UserServiceException(ErrorKind.FORBIDDEN, "d"), "r"),
                "MISSING_AUTHENTICATION_TOKEN", Problems.of(new UserServiceException(ErrorKind.NOT_FOUND, "d"), "r"),
                "RESOURCE_NOT_FOUND", Problems.of(refusal(ApiProblem.noSuchResource()), "r"),
                "REQUEST_TOO_LARGE", Problems.of(refusal(ApiProblem.bodyTooLarge(16 * 1024)), "r"),
                "UNSUPPORTED_MEDIA_TYPE", Problems.of(refusal(ApiProblem.unsupportedMediaType()), "r"));
        for (Map.Entry<String, ApiResponse> same : sameAsHandlers.entrySet()) {
            JsonNode properties = byType.get(same.getKey());
            assertThat(properties).as(same.getKey()).isNotNull();
            JsonNode handlers = same.getValue().body();
            JsonNode gateway = SynthesizedApp.JSON.readTree(properties.at("/ResponseTemplates/application~1json").asText()
                    .replace("$context.error.messageString", "\"d\"").replace("$context.requestId", "r"));
            assertThat(gateway).as(same.getKey()).isEqualTo(handlers);
            assertThat(properties.get("StatusCode").asInt()).isEqualTo(handlers.get("status").asInt());
            same.getValue().headers().forEach((name, value) -> assertThat(
                    properties.at("/ResponseParameters/gatewayresponse.header." + name).asText())
                    .as(same.getKey() + " " + name).isEqualTo("'" + value + "'"));
        }
        assertThat(byType.get("UNAUTHORIZED").at("/ResponseParameters/gatewayresponse.header.WWW-Authenticate").asText())
                .isEqualTo("'Bearer'");
        for (String throttled : List.of("THROTTLED", "QUOTA_EXCEEDED")) {
            assertThat(byType.get(throttled).get("StatusCode").asText()).isEqualTo("429");
            assertThat(byType.get(throttled).at("/ResponseParameters/gatewayresponse.header.Retry-After").asText())
                    .isEqualTo("'1'");
        }
        assertThat(byType).containsKeys("DEFAULT_4XX", "DEFAULT_5XX", "INTEGRATION_TIMEOUT", "WAF_FILTERED");
    }

    /** The handlers' refusal with the detail "d" in place of its own. */
    private static ApiProblem refusal(ApiProblem raised) {
        return new ApiProblem(raised.status(), raised.slug(), raised.title(), "d", raised.headers());
    }

    /** One gateway response per {@link GatewayProblem}, written from it: the local gateway answers from the same definitions. */
    @Test
    void gatewayResponses_areTheGatewayProblemsOfCore() throws Exception {
        Map<String, JsonNode> byType = new HashMap<>();
        resources("AWS::ApiGateway::GatewayResponse").forEach((id, r) -> {
            String type = r.at("/Properties/ResponseType").asText();
            byType.put(type, r.get("Properties"));
            // Logical ids named after the type stay the same from one synthesis to the next.
            assertThat(id).startsWith("Api" + type.replace("_", ""));
        });
        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(GatewayProblem.values()).map(GatewayProblem::responseType).toList());
        for (GatewayProblem problem : GatewayProblem.values()) {
            JsonNode properties = byType.get(problem.responseType());
            assertThat(UsersApi.responseType(problem).getResponseType()).isEqualTo(problem.responseType());
            JsonNode body = SynthesizedApp.JSON.readTree(properties.at("/ResponseTemplates/application~1json").asText()
                    .replace("$context.error.messageString", "\"the detail\"").replace("$context.requestId", "req-1"));
            assertThat(body).as(problem.name())
                    .isEqualTo(SynthesizedApp.JSON.valueToTree(problem.document("the detail", "req-1")));
            assertThat(properties.has("StatusCode")).isEqualTo(problem.status().isPresent());
            problem.status().ifPresent(status -> assertThat(properties.get("StatusCode").asText()).isEqualTo(Integer.toString(status)));
            problem.headers().forEach((name, value) -> assertThat(
                    properties.at("/ResponseParameters/gatewayresponse.header." + name).asText())
                    .as(problem.name() + " " + name).isEqualTo("'" + value + "'"));
        }
        assertThat(minimal.findResources("AWS::ApiGateway::GatewayResponse")).hasSize(GatewayProblem.values().length);
    }

    @Test
    void cors_followsTheContext() {
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "OPTIONS",
                "Integration", Match.objectLike(Map.of("IntegrationResponses", List.of(Match.objectLike(Map.of(
                        "ResponseParameters", Match.objectLike(Map.of(
                                "method.response.header.Access-Control-Allow-Origin", "'http://localhost:3000'")))))))));
        template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "ResponseParameters", Match.objectLike(Map.of(
                        "gatewayresponse.header.Access-Control-Allow-Origin", "'http://localhost:3000'"))));
        assertThat(minimal.findResources("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("HttpMethod", "OPTIONS")))))).isEmpty();
    }

    @Test
    void waf_guardsTheStage_unlessSwitchedOff() {
        template.hasResourceProperties("AWS::WAFv2::WebACL", Map.of(
                "Scope", "REGIONAL",
                "Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Name", "rate-limit-per-ip",
                        "Statement", Map.of("RateBasedStatement", Map.of(
                                "AggregateKeyType", "IP", "Limit", 3000, "EvaluationWindowSec", 300)),
                        "Action", Map.of("Block", Map.of())))))));
        String stage = SynthesizedStack.onlyId(template, "AWS::ApiGateway::Stage");
        template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Map.of("Ref", stage)))))))));
        minimal.resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    /** A deployed method but a CORS preflight (OPTIONS): its HTTP method, full path and properties, and its route. */
    private record RoutedMethod(String httpMethod, String path, JsonNode properties, ApiRoute route) {
    }

    /** Every method of the API but the CORS preflights, each with the route it serves. */
    private static List<RoutedMethod> routedMethods() {
        Map<String, String> paths = resourcePaths();
        List<RoutedMethod> methods = new ArrayList<>();
        for (JsonNode method : resources("AWS::ApiGateway::Method").values()) {
            JsonNode properties = method.get("Properties");
            String httpMethod = properties.get("HttpMethod").asText();
            if (httpMethod.equals("OPTIONS")) {
                continue;
            }
            String path = paths.get(resourceRef(properties.get("ResourceId")));
            ApiRoute route = ApiRoute.find(httpMethod, path).orElseThrow(() -> new AssertionError("no route " + path));
            methods.add(new RoutedMethod(httpMethod, path, properties, route));
        }
        return methods;
    }

    /** Resource logical id -> full path ("/users/{id}/follow"). */
    private static Map<String, String> resourcePaths() {
        Map<String, JsonNode> resources = resources("AWS::ApiGateway::Resource");
        Map<String, String> paths = new HashMap<>();
        for (String id : resources.keySet()) {
            paths.put(id, path(id, resources));
        }
        return paths;
    }

    private static String path(String id, Map<String, JsonNode> resources) {
        JsonNode properties = resources.get(id).get("Properties");
        JsonNode parent = properties.get("ParentId");
        String prefix = parent.has("Ref") ? path(parent.get("Ref").asText(), resources) : "";
        return prefix + "/" + properties.get("PathPart").asText();
    }

    private static String resourceRef(JsonNode resourceId) {
        return resourceId.path("Ref").asText();
    }

    private static Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new HashMap<>();
        json.get("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }
}
