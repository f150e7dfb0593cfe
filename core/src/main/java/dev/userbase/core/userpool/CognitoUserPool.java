package dev.userbase.core.userpool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListGroupsForUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnexpectedLambdaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/** {@link UserPool} over the Cognito admin API, translating its exceptions into the domain's. */
public final class CognitoUserPool implements UserPool {

    private static final Logger LOG = LogManager.getLogger(CognitoUserPool.class);

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;

    public CognitoUserPool(CognitoIdentityProviderClient cognito, String userPoolId) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.userPoolId = Objects.requireNonNull(userPoolId, "userPoolId");
    }

    /** @throws IllegalStateException {@code USER_POOL_ID} is not set */
    public static CognitoUserPool create(AwsClients clients) {
        String poolId = clients.config().userPoolId();
        if (poolId == null) {
            throw new IllegalStateException("USER_POOL_ID must be set for the API's Cognito calls");
        }
        return new CognitoUserPool(clients.cognito(), poolId);
    }

    @Override
    public PoolUser createUser(String email, String givenName, String familyName, boolean sendInvitation) {
        List<AttributeType> attributes = new ArrayList<>();
        attributes.add(attribute("email", email));
        attributes.add(attribute("email_verified", "true"));
        if (givenName != null) {
            attributes.add(attribute("given_name", givenName));
        }
        if (familyName != null) {
            attributes.add(attribute("family_name", familyName));
        }
        UserType user = call("AdminCreateUser", () -> cognito.adminCreateUser(request -> {
            request.userPoolId(userPoolId).username(email).userAttributes(attributes)
                    .desiredDeliveryMediums(DeliveryMediumType.EMAIL);
            if (!sendInvitation) {
                request.messageAction(MessageActionType.SUPPRESS);
            }
        }).user());
        return toPoolUser(user.username(), user.attributes(), Boolean.TRUE.equals(user.enabled()), user.userStatusAsString());
    }

    @Override
    public Optional<PoolUser> findByEmail(String email) {
        try {
            AdminGetUserResponse user = call("AdminGetUser",
                    () -> cognito.adminGetUser(request -> request.userPoolId(userPoolId).username(email)));
            return Optional.of(toPoolUser(user.username(), user.userAttributes(), Boolean.TRUE.equals(user.enabled()),
                    user.userStatusAsString()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<PoolUser> findBySub(String sub) {
        if (sub.indexOf('"') >= 0 || sub.indexOf('\\') >= 0) {
            return Optional.empty(); // cannot be a sub, and must not reach the filter expression
        }
        List<UserType> users = call("ListUsers", () -> cognito.listUsers(request -> request.userPoolId(userPoolId)
                .filter("sub = \"" + sub + "\"").limit(1)).users());
        return users.stream().findFirst()
                .map(user -> toPoolUser(user.username(), user.attributes(), Boolean.TRUE.equals(user.enabled()),
                        user.userStatusAsString()));
    }

    @Override
    public Optional<PoolAccount> describe(String userName) {
        AdminGetUserResponse user;
        try {
            user = call("AdminGetUser", () -> cognito.adminGetUser(r -> r.userPoolId(userPoolId).username(userName)));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<String, String> attributes = new TreeMap<>();
        if (user.userAttributes() != null) {
            user.userAttributes().forEach(a -> attributes.put(a.name(), a.value()));
        }
        List<String> groups = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            AdminListGroupsForUserResponse page = call("AdminListGroupsForUser",
                    () -> cognito.adminListGroupsForUser(r -> r.userPoolId(userPoolId).username(userName).nextToken(token)));
            page.groups().forEach(g -> groups.add(g.groupName()));
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return Optional.of(new PoolAccount(user.username(), attributes, groups, Boolean.TRUE.equals(user.enabled()),
                user.userStatusAsString()));
    }

    @Override
    public void signOutEverywhere(String userName) {
        call("AdminUserGlobalSignOut",
                () -> cognito.adminUserGlobalSignOut(r -> r.userPoolId(userPoolId).username(userName)));
    }

    @Override
    public void enable(String userName) {
        call("AdminEnableUser", () -> cognito.adminEnableUser(r -> r.userPoolId(userPoolId).username(userName)));
    }

    @Override
    public void disable(String userName) {
        call("AdminDisableUser", () -> cognito.adminDisableUser(r -> r.userPoolId(userPoolId).username(userName)));
    }

    @Override
    public void setVerifiedEmail(String userName, String email) {
        call("AdminUpdateUserAttributes", () -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(userPoolId)
                .username(userName)
                .userAttributes(attribute("email", email), attribute("email_verified", "true"))));
    }

    private static PoolUser toPoolUser(String userName, List<AttributeType> attributes, boolean enabled, String status) {
        String sub = value(attributes, "sub");
        if (sub == null) {
            throw new IllegalStateException("Cognito returned a user without a sub");
        }
        return new PoolUser(userName, sub, value(attributes, "email"), enabled, status);
    }

    private static String value(List<AttributeType> attributes, String name) {
        return attributes == null ? null : attributes.stream()
                .filter(a -> name.equals(a.name())).map(AttributeType::value).findFirst().orElse(null);
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    /** Runs one Cognito call and translates its failure (the one place that does). */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (UsernameExistsException | AliasExistsException e) {
            throw new EmailTakenException(e);
        } catch (UserNotFoundException e) {
            throw new NotFoundException("The user does not exist in the user pool");
        } catch (UserLambdaValidationException e) {
            // a trigger refused: PreSignUp says so when the address belongs to another user
            String message = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            if (message.toLowerCase(Locale.ROOT).contains(EmailTakenException.MESSAGE.toLowerCase(Locale.ROOT))) {
                throw new EmailTakenException(e);
            }
            LOG.warn("{} refused by a user pool trigger: {}", operation, message);
            throw new ConflictException("The sign-in service refused this user", e);
        } catch (InvalidParameterException e) {
            LOG.warn("{} rejected by Cognito: {}", operation, e.getMessage());
            throw new InvalidInputException("The sign-in service rejected the user's attributes");
        } catch (TooManyRequestsException | LimitExceededException | InternalErrorException
                | UnexpectedLambdaException e) {
            throw unavailable(operation, e);
        } catch (CognitoIdentityProviderException e) {
            if (e.statusCode() >= 500) {
                throw unavailable(operation, e);
            }
            throw e; // a configuration or permission error: a 500, logged with its cause
        } catch (SdkClientException e) {
            throw unavailable(operation, e);
        }
    }

    private static UserServiceException unavailable(String operation, Exception cause) {
        LOG.warn("{} failed, the caller may retry: {}", operation, cause.toString());
        return new UserServiceException(ErrorKind.UNAVAILABLE, "The sign-in service is busy; please try again", cause);
    }
}
