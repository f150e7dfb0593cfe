package dev.userbase.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminLinkProviderForUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminLinkProviderForUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * A Cognito user pool stand-in for the calls the sign-up path makes ({@code ListUsers} by sub,
 * {@code AdminLinkProviderForUser}); every other operation throws, as the SDK interface's defaults do.
 * Records the link requests it receives.
 */
public final class FakeCognito implements CognitoIdentityProviderClient {

    private final Map<String, UserType> usersBySub = new ConcurrentHashMap<>();
    private final List<AdminLinkProviderForUserRequest> links = new CopyOnWriteArrayList<>();
    private final List<ListUsersRequest> listUsersCalls = new CopyOnWriteArrayList<>();
    private volatile CognitoIdentityProviderException linkFailure;

    /** Adds a user to the fake pool. */
    public FakeCognito user(String userName, String sub, UserStatusType status) {
        usersBySub.put(sub, UserType.builder()
                .username(userName)
                .userStatus(status)
                .attributes(AttributeType.builder().name("sub").value(sub).build())
                .build());
        return this;
    }

    /** Makes every later link request fail with {@code failure}. */
    public FakeCognito failLinksWith(CognitoIdentityProviderException failure) {
        this.linkFailure = failure;
        return this;
    }

    public List<AdminLinkProviderForUserRequest> links() {
        return List.copyOf(links);
    }

    public List<ListUsersRequest> listUsersCalls() {
        return List.copyOf(listUsersCalls);
    }

    @Override
    public ListUsersResponse listUsers(ListUsersRequest request) {
        listUsersCalls.add(request);
        String filter = request.filter();
        String prefix = "sub = \"";
        if (filter == null || !filter.startsWith(prefix) || !filter.endsWith("\"")) {
            throw new UnsupportedOperationException("FakeCognito only filters by sub, got " + filter);
        }
        String sub = filter.substring(prefix.length(), filter.length() - 1);
        List<UserType> found = new ArrayList<>();
        if (usersBySub.containsKey(sub)) {
            found.add(usersBySub.get(sub));
        }
        return ListUsersResponse.builder().users(found).build();
    }

    @Override
    public AdminLinkProviderForUserResponse adminLinkProviderForUser(AdminLinkProviderForUserRequest request) {
        if (linkFailure != null) {
            throw linkFailure;
        }
        links.add(request);
        return AdminLinkProviderForUserResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
