/**
 * What data-protection law asks of the service: a user's data exported on request
 * ({@link dev.userbase.core.privacy.DataExport}) and erased for good: the API writes a tombstone
 * ({@link dev.userbase.core.privacy.AccountErasure}), the change stream does the erasing
 * ({@link dev.userbase.core.privacy.ErasureCascade}).
 * docs/PRIVACY.md and docs/API.md describe the behaviour; the item types here own their keys.
 */
package dev.userbase.core.privacy;
