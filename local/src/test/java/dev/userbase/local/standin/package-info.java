/**
 * Stand-in handlers with the real handlers' shapes (class kinds, event types, the
 * {@code (AwsClients, Clock)} constructor): the local stack's own tests run its machinery
 * (triggers through cognito-local, the API through the gateway, the stream through the pollers,
 * events through EventBridge) with these, independently of the handler modules.
 */
package dev.userbase.local.standin;
