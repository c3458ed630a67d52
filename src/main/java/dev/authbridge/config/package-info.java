/**
 * The composition root: binds and validates the environment, builds every collaborator,
 * routes {@code /api/auth}, configures Spring Security to stay stateless, and hosts the
 * {@code hasura-jwt-config} command. Nothing else imports this package.
 */
package dev.authbridge.config;
