/**
 * Providers as data: {@code providers/<id>.yaml} files read, placeholder-resolved and
 * validated into {@link dev.authbridge.provider.ProviderDefinition}s. Called by the
 * composition root at startup and by the actions that list providers.
 */
package dev.authbridge.provider;
