/**
 * What the actions share: the public base URL per request, form reading, NextAuth's
 * redirect and no-store shapes, the CSRF cookie and the error catalogue; the handler that
 * turns failures into 4xx answers, the CORS filter for SPAs on other origins, and the
 * client address behind trusted proxies, as the rate limits count it. The headers of
 * every answer are decided once here ({@code ResponseHeaders}), for the security chain
 * and the hot path as well.
 */
package dev.authbridge.web;
