package dev.authbridge.config;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.credentials.EmailVerification;
import dev.authbridge.credentials.PasswordHasher;
import dev.authbridge.credentials.MailedTokens;
import dev.authbridge.credentials.PasswordReset;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.Database;
import dev.authbridge.db.DatabaseHealth;
import dev.authbridge.db.DatabaseUrl;
import dev.authbridge.db.EmailTokenStore;
import dev.authbridge.db.EndedSessionStore;
import dev.authbridge.db.EpochPoller;
import dev.authbridge.db.EpochStore;
import dev.authbridge.db.RevocationListener;
import dev.authbridge.db.RoleStore;
import dev.authbridge.db.SigningKeyRotation;
import dev.authbridge.db.SigningKeyStore;
import dev.authbridge.db.UserStateStore;
import dev.authbridge.session.KeyRing;
import dev.authbridge.mail.DevOutbox;
import dev.authbridge.mail.MailSender;
import dev.authbridge.mail.SmtpMailSender;
import dev.authbridge.session.SessionEndings;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SigningKeys;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.beans.factory.BeanRegistry.SupplierContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL's beans, only when {@code DATABASE_URL} is set: the pool and the stores,
 * sign-out-everywhere, the announcement of a single sign-out, the listener that hears
 * both from every instance and the poller under it, the rotation of generated signing
 * keys (started only when Hasura has a {@code jwk_url}), the {@code database} readiness
 * component, e-mail + password sign-in (built only when
 * {@link BridgeSettings#credentials()} has the routes mount it), and password reset with
 * the mail sender it needs (only when {@link BridgeSettings#passwordReset()}), and
 * sign-in links by mail (only when {@link BridgeSettings#emailLinks()}). The migrations,
 * the listening, the polling and the rotation start once the server is ready, so a
 * PostgreSQL that is down delays nothing.
 *
 * <p>
 * Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class DatabaseRegistrar implements BeanRegistrar {

	/** How often ended attempt windows and old ended sessions are deleted. */
	static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

	/**
	 * How long an ended session's row is kept: it exists only for its trigger to notify
	 * the instances.
	 */
	static final Duration ENDED_SESSION_KEPT = Duration.ofMinutes(5);

	/**
	 * The development outbox page, beside the development provider's {@code /dev-idp}.
	 */
	static final String DEV_OUTBOX = "/dev-outbox";

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!DatabaseUrl.isSet(environment.getProperty("database.url"))) {
			return;
		}
		// no destroy method is named: the context closes the AutoCloseable ones
		// (Database, EpochPoller, RevocationListener, PasswordHasher)
		registry.registerBean("database", Database.class,
				bean -> bean.supplier(context -> new Database(accounts(context).database())));
		registry.registerBean("userStateStore", UserStateStore.class,
				bean -> bean.supplier(context -> new UserStateStore(context.bean(Database.class))));
		registry.registerBean("roleStore", RoleStore.class,
				bean -> bean.supplier(context -> new RoleStore(context.bean(Database.class))));
		registry.registerBean("epochStore", EpochStore.class,
				bean -> bean.supplier(context -> new EpochStore(context.bean(Database.class))));
		registry.registerBean("attemptStore", AttemptStore.class,
				bean -> bean.supplier(context -> new AttemptStore(context.bean(Database.class))));
		registry.registerBean("endedSessionStore", EndedSessionStore.class,
				bean -> bean.supplier(context -> new EndedSessionStore(context.bean(Database.class))));
		registry.registerBean("accountStore", AccountStore.class,
				bean -> bean.supplier(context -> new AccountStore(context.bean(Database.class))));
		registry.registerBean("emailTokenStore", EmailTokenStore.class,
				bean -> bean.supplier(context -> new EmailTokenStore(context.bean(Database.class))));
		// records the new epoch in PostgreSQL, and here at once, so this instance honours
		// it without waiting for a poll
		registry.registerBean("signOutEverywhere", SignOutEverywhere.class, bean -> bean.supplier(context -> {
			EpochStore epochs = context.bean(EpochStore.class);
			SessionRevocations revocations = context.bean(SessionRevocations.class);
			return userId -> epochs.bump(userId).doOnNext(epoch -> revocations.learn(userId, epoch));
		}));
		// tells this instance at once, then the others through the row's trigger
		registry.registerBean("sessionEndings", SessionEndings.class, bean -> bean.supplier(context -> {
			EndedSessionStore ended = context.bean(EndedSessionStore.class);
			SessionEndings here = SessionEndings.local(context.bean(SessionRevocations.class));
			return sessionId -> here.announce(sessionId).then(ended.record(sessionId));
		}));
		registry.registerBean("epochPoller", EpochPoller.class,
				bean -> bean.supplier(context -> new EpochPoller(context.bean(Database.class),
						context.bean(EpochStore.class), context.bean(SessionRevocations.class),
						accounts(context).revocationPollInterval(), context.bean(Clock.class))));
		registry.registerBean("revocationListener", RevocationListener.class,
				bean -> bean.supplier(context -> new RevocationListener(accounts(context).database(),
						context.bean(Database.class), context.bean(EpochPoller.class),
						context.bean(EndedSessionStore.class), context.bean(SessionRevocations.class))));
		registry.registerBean("signingKeyStore", SigningKeyStore.class,
				bean -> bean.supplier(context -> new SigningKeyStore(context.bean(Database.class))));
		// asked for only when BridgeSettings#keyRotation() is present
		registry.registerBean("signingKeyRotation", SigningKeyRotation.class, bean -> bean.supplier(context -> {
			BridgeSettings settings = context.bean(BridgeSettings.class);
			return new SigningKeyRotation(context.bean(SigningKeyStore.class),
					new SigningKeys(settings.keyRotation().orElseThrow(),
							settings.derivedKey(SigningKeys.SEALING_PURPOSE), context.bean(Clock.class)),
					context.bean(KeyRing.class), BridgeSettings.KEY_RELOAD_INTERVAL,
					accounts(context).database().timeout(), context.bean(Clock.class));
		}));
		// named so that its health component is "database"
		registry.registerBean("databaseHealthIndicator", DatabaseHealth.class,
				bean -> bean.supplier(context -> new DatabaseHealth(context.bean(Database.class))));
		registry.registerBean("passwordHasher", PasswordHasher.class,
				bean -> bean.supplier(context -> new PasswordHasher(Runtime.getRuntime().availableProcessors(),
						accounts(context).passwordHashQueue())));
		registry.registerBean("credentialsLogin", CredentialsLogin.class, bean -> bean.lazyInit().supplier(context -> {
			BridgeSettings settings = context.bean(BridgeSettings.class);
			return new CredentialsLogin(context.bean(AccountStore.class), context.bean(AttemptStore.class),
					settings.accounts().orElseThrow().attempts(), context.bean(PasswordHasher.class),
					context.bean(UserDirectory.class), context.bean(SessionIssuer.class),
					settings.derivedKey("sign-in-attempts"), settings.emailVerification());
		}));
		// the SMTP server when one is set, else the development outbox: asked for only
		// when BridgeSettings#passwordReset() has the routes mount password reset
		registry.registerBean("mailSender", MailSender.class, bean -> bean.lazyInit().supplier(context -> {
			EmailSettings email = accounts(context).email();
			return email.server()
				.<MailSender>map(server -> new SmtpMailSender(server, email.from(), email.timeout(), email.retries(),
						email.tls().orElse(null)))
				.orElseGet(() -> context.bean(DevOutbox.class));
		}));
		registry.registerBean("devOutbox", DevOutbox.class,
				bean -> bean.lazyInit()
					.supplier(context -> new DevOutbox(context.bean(Clock.class),
							context.bean(BridgeSettings.class).url().origin() + DEV_OUTBOX)));
		registry.registerBean("mailedTokens", MailedTokens.class, bean -> bean.lazyInit().supplier(context -> {
			BridgeSettings settings = context.bean(BridgeSettings.class);
			return new MailedTokens(context.bean(EmailTokenStore.class), context.bean(AttemptStore.class),
					accounts(context).email().limits(), context.bean("mailSender", MailSender.class),
					settings.derivedKey("sign-in-attempts"));
		}));
		registry.registerBean("passwordReset", PasswordReset.class, bean -> bean.lazyInit().supplier(context -> {
			BridgeSettings settings = context.bean(BridgeSettings.class);
			return new PasswordReset(context.bean(AccountStore.class), context.bean(MailedTokens.class),
					context.bean(AttemptStore.class), context.bean(PasswordHasher.class),
					context.bean(SignOutEverywhere.class), settings.derivedKey("sign-in-attempts"),
					accounts(context).email().resetMaxAge());
		}));
		registry.registerBean("emailLinks", EmailLinks.class, bean -> bean.lazyInit()
			.supplier(context -> new EmailLinks(context.bean(AccountStore.class), context.bean(MailedTokens.class),
					context.bean(UserDirectory.class), context.bean(SessionIssuer.class),
					context.bean(SignOutEverywhere.class), accounts(context).email().linkMaxAge())));
		// asked for only when BridgeSettings#emailVerification() is on
		registry.registerBean("emailVerification", EmailVerification.class,
				bean -> bean.lazyInit()
					.supplier(context -> new EmailVerification(context.bean(CredentialsLogin.class),
							context.bean(AccountStore.class), context.bean(MailedTokens.class),
							context.bean(UserDirectory.class), context.bean(SessionIssuer.class),
							accounts(context).email().verificationMaxAge())));
		// a Disposable has no close(): as an AutoCloseable, the context disposes it like
		// the beans above
		registry.registerBean("purge", AutoCloseable.class, bean -> bean.supplier(context -> {
			AttemptStore attempts = context.bean(AttemptStore.class);
			EndedSessionStore ended = context.bean(EndedSessionStore.class);
			EmailTokenStore tokens = context.bean(EmailTokenStore.class);
			Duration attemptWindow = accounts(context).attempts().longestWindow();
			Duration sendWindow = accounts(context).email().limits().window();
			// mail sends are counted in the same table: its windows end by the longer
			Duration longestWindow = attemptWindow.compareTo(sendWindow) >= 0 ? attemptWindow : sendWindow;
			return Flux.interval(PURGE_INTERVAL)
				.onBackpressureDrop()
				.concatMap(tick -> Mono.when(attempts.purge(longestWindow).onErrorResume(ex -> Mono.empty()),
						ended.purge(ENDED_SESSION_KEPT).onErrorResume(ex -> Mono.empty()),
						tokens.purge().onErrorResume(ex -> Mono.empty())))
				.subscribe()::dispose;
		}));
		registry.registerBean("databaseStart", GenericApplicationListener.class, bean -> bean
			.supplier(context -> GenericApplicationListener.forEventType(ApplicationReadyEvent.class, event -> {
				event.getApplicationContext().getBean(Database.class).start();
				event.getApplicationContext().getBean(EpochPoller.class).start();
				// connects once the migrations are in
				event.getApplicationContext().getBean(RevocationListener.class).start();
				if (event.getApplicationContext().getBean(BridgeSettings.class).keyRotation().isPresent()) {
					event.getApplicationContext().getBean(SigningKeyRotation.class).start();
				}
				// nothing else asks for it: with beans created when first needed, this
				// creates it
				event.getApplicationContext().getBean("purge", AutoCloseable.class);
			})));
	}

	private static AccountSettings accounts(SupplierContext context) {
		return context.bean(BridgeSettings.class).accounts().orElseThrow();
	}

}
