package dev.userbase.api.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.userpool.PoolAccount;
import dev.userbase.core.userpool.PoolUser;
import dev.userbase.core.userpool.UserPool;

/**
 * An in-memory Cognito user pool for unit-level tests of the API's Cognito calls. Records every
 * call ({@code "disable:<user>"}), and can be told to fail the next calls of an operation, with
 * a transient (503) or a permanent failure.
 */
public final class FakeUserPool implements UserPool {

    private final Map<String, PoolUser> users = new ConcurrentHashMap<>();
    private final Map<String, Deque<RuntimeException>> failures = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> signOuts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();

    /** Adds a user who signed up themselves (CONFIRMED). */
    public FakeUserPool add(String userName, String sub, String email) {
        users.put(userName, new PoolUser(userName, sub, email, true, "CONFIRMED"));
        return this;
    }

    /** The next {@code times} calls of {@code operation} fail with {@code failure}. */
    public FakeUserPool fail(String operation, int times, RuntimeException failure) {
        Deque<RuntimeException> queue = failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(failure);
            }
        }
        return this;
    }

    public static UserServiceException transientFailure() {
        return new UserServiceException(ErrorKind.UNAVAILABLE, "The sign-in service is busy; please try again");
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public Optional<PoolUser> user(String userName) {
        return Optional.ofNullable(users.get(userName));
    }

    public Optional<PoolUser> userBySub(String sub) {
        return users.values().stream().filter(u -> u.sub().equals(sub)).findFirst();
    }

    public int signOuts(String userName) {
        return signOuts.getOrDefault(userName, 0);
    }

    @Override
    public PoolUser createUser(String email, String givenName, String familyName, boolean sendInvitation) {
        record("createUser", email);
        if (users.values().stream().anyMatch(u -> email.equals(u.email()))) {
            throw new EmailTakenException();
        }
        String sub = UUID.randomUUID().toString();
        PoolUser user = new PoolUser(sub, sub, email, true, PoolUser.FORCE_CHANGE_PASSWORD);
        users.put(user.userName(), user);
        return user;
    }

    @Override
    public Optional<PoolUser> findByEmail(String email) {
        record("findByEmail", email);
        return users.values().stream().filter(u -> email.equals(u.email())).findFirst();
    }

    @Override
    public Optional<PoolUser> findBySub(String sub) {
        record("findBySub", sub);
        return userBySub(sub);
    }

    /** Puts the user in a Cognito group (reported by {@link #describe}). */
    public FakeUserPool addToGroup(String userName, String group) {
        groups.computeIfAbsent(userName, k -> new CopyOnWriteArrayList<>()).add(group);
        return this;
    }

    @Override
    public Optional<PoolAccount> describe(String userName) {
        record("describe", userName);
        PoolUser user = users.get(userName);
        if (user == null) {
            return Optional.empty();
        }
        Map<String, String> attributes = new java.util.TreeMap<>();
        attributes.put("sub", user.sub());
        if (user.email() != null) {
            attributes.put("email", user.email());
            attributes.put("email_verified", "true");
        }
        return Optional.of(new PoolAccount(userName, attributes, groups.getOrDefault(userName, List.of()),
                user.enabled(), user.status()));
    }

    /** What the change stream does to a user (the API cannot delete users: {@link UserPool} has no such call). */
    public void deleteUser(String userName) {
        record("deleteUser", userName);
        require(userName);
        users.remove(userName);
    }

    @Override
    public void signOutEverywhere(String userName) {
        record("signOut", userName);
        require(userName);
        signOuts.merge(userName, 1, Integer::sum);
    }

    @Override
    public void enable(String userName) {
        record("enable", userName);
        PoolUser user = require(userName);
        users.put(userName, new PoolUser(userName, user.sub(), user.email(), true, user.status()));
    }

    @Override
    public void disable(String userName) {
        record("disable", userName);
        PoolUser user = require(userName);
        users.put(userName, new PoolUser(userName, user.sub(), user.email(), false, user.status()));
    }

    @Override
    public void setVerifiedEmail(String userName, String email) {
        record("setEmail", userName + "=" + email);
        PoolUser user = require(userName);
        if (users.values().stream().anyMatch(u -> !u.userName().equals(userName) && email.equals(u.email()))) {
            throw new EmailTakenException();
        }
        users.put(userName, new PoolUser(userName, user.sub(), email, user.enabled(), user.status()));
    }

    private PoolUser require(String userName) {
        PoolUser user = users.get(userName);
        if (user == null) {
            throw new NotFoundException("The user does not exist in the user pool");
        }
        return user;
    }

    private void record(String operation, String argument) {
        Deque<RuntimeException> queue = failures.get(operation);
        RuntimeException failure = null;
        if (queue != null) {
            synchronized (queue) {
                failure = queue.poll();
            }
        }
        calls.add(operation + ":" + argument + (failure == null ? "" : " (failed)"));
        if (failure != null) {
            throw failure;
        }
    }

    /** Calls of one operation, for assertions. */
    public List<String> calls(String operation) {
        List<String> result = new ArrayList<>();
        for (String call : calls) {
            if (call.startsWith(operation + ":")) {
                result.add(call);
            }
        }
        return result;
    }
}
