/** Cookie names, prefixes and attributes, in one place for every action. */
package dev.authbridge.cookie;
