package dev.userbase.api;

import java.io.IOException;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.userbase.core.model.JsonFields.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.api.http.Json;
import dev.userbase.core.admin.AdminUserSummary;
import dev.userbase.core.admin.RoleChange;
import dev.userbase.core.emailchange.EmailChangeRequested;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ProfileDetails;
import dev.userbase.core.model.Timestamps;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.paging.Page;
import dev.userbase.core.social.FollowEntry;
import dev.userbase.core.social.UserSummary;

/**
 * The JSON the API returns. Who sees what is decided here: the public view of a profile has
 * display fields and counts only; email, preferences and billing ids are in the private view
 * (the user themselves, administrators); administrators also see the status reason.
 */
final class Views {

    private Views() {
    }

    static ObjectNode publicProfile(UserProfile p) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", p.userId());
        putIfPresent(node, "displayName", p.displayName());
        putIfPresent(node, "avatarUrl", p.avatarUrl());
        node.put("followerCount", p.followerCount());
        node.put("followingCount", p.followingCount());
        putIfPresent(node, "createdAt", p.createdAt());
        return node;
    }

    static ObjectNode privateProfile(UserProfile p) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", p.userId());
        putIfPresent(node, "email", p.email());
        putIfPresent(node, "pendingEmail", p.pendingEmail());
        putIfPresent(node, "givenName", p.givenName());
        putIfPresent(node, "familyName", p.familyName());
        putIfPresent(node, "displayName", p.displayName());
        putIfPresent(node, "avatarUrl", p.avatarUrl());
        node.put("status", p.status().name());
        ArrayNode roles = node.putArray("roles");
        new TreeSet<>(p.roles()).forEach(roles::add);
        node.put("followerCount", p.followerCount());
        node.put("followingCount", p.followingCount());
        node.put("version", p.version());
        putIfPresent(node, "createdAt", p.createdAt());
        putIfPresent(node, "updatedAt", p.updatedAt());
        putIfPresent(node, "stripeCustomerId", p.stripeCustomerId());
        putIfPresent(node, "revenueCatId", p.revenueCatId());
        // written by the PostAuthentication trigger, at most once per interval
        putIfPresent(node, "lastSignInAt", p.lastSignInAt());
        node.put("signInCount", p.signInCount());
        return node;
    }

    static ObjectNode adminProfile(UserProfile p) {
        ObjectNode node = privateProfile(p);
        putIfPresent(node, "statusReason", p.statusReason());
        return node;
    }

    /** The private (or admin) view with the user's preferences. */
    static ObjectNode details(ProfileDetails details, boolean admin) {
        ObjectNode node = admin ? adminProfile(details.profile()) : privateProfile(details.profile());
        node.set("preferences", details.preferences().map(Views::preferences).orElseGet(Json.MAPPER::createObjectNode));
        return node;
    }

    static JsonNode preferences(UserPreferences preferences) {
        try {
            return Json.MAPPER.readTree(preferences.json());
        } catch (IOException e) {
            throw new IllegalStateException("stored preferences of " + preferences.userId() + " are not JSON", e);
        }
    }

    static ObjectNode summary(UserSummary user) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", user.userId());
        putIfPresent(node, "displayName", user.displayName());
        putIfPresent(node, "avatarUrl", user.avatarUrl());
        return node;
    }

    static ObjectNode followEntry(FollowEntry entry) {
        ObjectNode node = summary(entry.user());
        putIfPresent(node, "since", entry.since());
        return node;
    }

    static ObjectNode adminSummary(AdminUserSummary user) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", user.userId());
        putIfPresent(node, "email", user.email());
        putIfPresent(node, "displayName", user.displayName());
        node.put("status", user.status().name());
        putIfPresent(node, "createdAt", user.createdAt());
        putIfPresent(node, "updatedAt", user.updatedAt());
        return node;
    }

    static ObjectNode auditEntry(AuditEntry entry) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("eventId", entry.eventId())
                .put("occurredAt", Timestamps.format(entry.occurredAt()))
                .put("action", entry.action());
        putIfPresent(node, "actor", entry.actor());
        ArrayNode fields = node.putArray("changedFields");
        entry.changedFields().forEach(fields::add);
        putIfPresent(node, "summary", entry.summary());
        return node;
    }

    static ObjectNode roles(RoleChange change) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("userId", change.userId());
        ArrayNode roles = node.putArray("roles");
        new TreeSet<>(change.roles()).forEach(roles::add);
        return node;
    }

    static ObjectNode emailChange(EmailChangeRequested requested) {
        return Json.MAPPER.createObjectNode()
                .put("pendingEmail", requested.pendingEmail())
                .put("expiresAt", Timestamps.format(requested.expiresAt()));
    }

    static <T> ObjectNode page(Page<T> page, Function<T, ? extends JsonNode> view) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(item -> items.add(view.apply(item)));
        page.next().ifPresent(cursor -> node.put("nextCursor", cursor));
        return node;
    }
}
