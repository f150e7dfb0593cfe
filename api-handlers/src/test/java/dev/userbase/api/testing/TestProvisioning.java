package dev.userbase.api.testing;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.userbase.api.ApiServices;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.profile.ProfileProvisioning;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real sign-up provisioner, recording the accounts it was asked for so tests can assert that a
 * route did (or did not) provision.
 */
public final class TestProvisioning implements ProfileProvisioning {

    private final ProfileProvisioning real;
    private final List<NewUser> calls = new CopyOnWriteArrayList<>();

    public TestProvisioning(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.real = ApiServices.provisioner(new ProfileProvisioner(dynamoDb, table, clock, SignUpMetrics.none()));
    }

    public List<NewUser> calls() {
        return List.copyOf(calls);
    }

    @Override
    public UserProfile provision(NewUser account, ChangeContext context) {
        calls.add(account);
        return real.provision(account, context);
    }
}
