/**
 * Value records shared by every other package: who is signed in and with which Hasura
 * roles. Depends on nothing.
 */
package dev.authbridge.user;
