package dev.userbase.smoke;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.userbase.core.deploy.StackOutput;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * What the smoke test runs against: a stage's outputs, a Cognito client for its user pool, and where
 * its events can be read ({@link PublishedEvents}). {@link #aws} is a deployed stack (the credentials
 * of the environment: in {@code deploy.yml}, the smoke-test role); {@link #local} is the local stack
 * through the {@code outputs.json} it writes.
 */
public final class Deployment implements AutoCloseable {

    private final String name;
    private final StackOutputs outputs;
    private final CognitoIdentityProviderClient cognito;
    private final PublishedEvents events;
    private final List<AutoCloseable> clients;

    public Deployment(String name, StackOutputs outputs, CognitoIdentityProviderClient cognito, PublishedEvents events,
            List<AutoCloseable> clients) {
        this.name = name;
        this.outputs = outputs;
        this.cognito = cognito;
        this.events = events;
        this.clients = List.copyOf(clients);
    }

    /** A deployed {@code stackName} in {@code region}, read with the default credentials chain. */
    public static Deployment aws(String stackName, Region region) {
        List<AutoCloseable> clients = new ArrayList<>();
        try {
            CloudFormationClient cloudFormation = CloudFormationClient.builder().region(region)
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            clients.add(cloudFormation);
            StackOutputs outputs = StackOutputs.fromCloudFormation(cloudFormation, stackName);
            CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().region(region)
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            clients.add(cognito);
            CloudWatchLogsClient logs = CloudWatchLogsClient.builder().region(region)
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            clients.add(logs);
            return new Deployment(stackName + " in " + region, outputs, cognito,
                    new LogGroupEvents(logs, outputs.require(StackOutput.EVENT_LOG_GROUP_NAME)), clients);
        } catch (RuntimeException e) {
            closeAll(clients);
            throw e;
        }
    }

    /**
     * The local stack, from the {@code outputs.json} it writes on start: Cognito is cognito-local at the
     * origin of {@code UserPoolProviderUrl}, the events are the file named by {@code EventLogGroupName}.
     */
    public static Deployment local(Path outputsFile) {
        StackOutputs outputs = StackOutputs.fromFile(outputsFile);
        URI issuer = issuer(outputs.require(StackOutput.USER_POOL_PROVIDER_URL));
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new Deployment("the local stack (" + outputsFile + ")", outputs, cognito,
                new EventsFile(Path.of(outputs.require(StackOutput.EVENT_LOG_GROUP_NAME))), List.of(cognito));
    }

    /**
     * The issuer URL of a user pool: CloudFormation's ProviderURL has no scheme
     * ({@code cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc}); the local stack's has one.
     */
    static URI issuer(String providerUrl) {
        return URI.create(providerUrl.contains("://") ? providerUrl : "https://" + providerUrl);
    }

    public String name() {
        return name;
    }

    public StackOutputs outputs() {
        return outputs;
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito;
    }

    public PublishedEvents events() {
        return events;
    }

    @Override
    public void close() {
        closeAll(clients);
    }

    private static void closeAll(List<AutoCloseable> clients) {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing SDK clients at exit: nothing left to do with them
            }
        }
    }
}
