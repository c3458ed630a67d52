/**
 * Outbound e-mail: one {@link dev.authbridge.mail.MailSender} contract, SMTP over Jakarta
 * Mail ({@code AUTH_EMAIL_SERVER}, sent off the event loop with timeouts and retries) and
 * the development outbox that keeps mails in memory when no server is set. Depends on
 * nothing of the bridge; the features that send mail (password reset) call it.
 */
package dev.authbridge.mail;
