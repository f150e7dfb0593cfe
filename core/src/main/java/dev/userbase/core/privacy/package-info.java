/**
 * What data-protection law asks of the service: a user's data exported on request
 * ({@link dev.userbase.core.privacy.DataExport}) and, in later work on this package, erased for good.
 * docs/PRIVACY.md and docs/API.md describe the behaviour; the item types here own their keys.
 */
package dev.userbase.core.privacy;
