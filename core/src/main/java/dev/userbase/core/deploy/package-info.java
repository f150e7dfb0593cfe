/**
 * What a deployment of the users service offers its clients and operators: the stack's outputs, shared
 * by the CDK stack, the local stack and the smoke test.
 */
package dev.userbase.core.deploy;
