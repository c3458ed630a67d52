/**
 * Named profile mappers: one Java class per provider quirk, chosen by {@code profile:} in
 * a provider file. Called by the login flow once the provider has answered.
 */
package dev.authbridge.provider.profile;
