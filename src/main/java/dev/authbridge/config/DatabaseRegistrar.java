package dev.authbridge.config;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.PasswordHasher;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.Database;
import dev.authbridge.db.DatabaseHealth;
import dev.authbridge.db.DatabaseUrl;
import dev.authbridge.db.EpochPoller;
import dev.authbridge.db.EpochStore;
import dev.authbridge.db.RoleStore;
import dev.authbridge.db.SigningKeyRotation;
import dev.authbridge.db.SigningKeyStore;
import dev.authbridge.db.UserStateStore;
import dev.authbridge.session.KeyRing;
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
 * sign-out-everywhere and its poller, the rotation of generated signing keys (started
 * only when Hasura has a {@code jwk_url}), the {@code database} readiness component, and
 * e-mail + password sign-in (built only when {@link BridgeSettings#credentials()} has the
 * routes mount it). The migrations and the polling start once the server is ready, so a
 * PostgreSQL that is down delays nothing.
 *
 * <p>
 * Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class DatabaseRegistrar implements BeanRegistrar {

	/**
	 * How often each instance polls for sign-outs everywhere: they take effect within
	 * this plus one query.
	 */
	static final Duration EPOCH_POLL_INTERVAL = Duration.ofSeconds(2);

	/** How often ended attempt windows are deleted. */
	static final Duration ATTEMPT_PURGE_INTERVAL = Duration.ofMinutes(5);

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!DatabaseUrl.isSet(environment.getProperty("database.url"))) {
			return;
		}
		// no destroy method is named: the context closes the AutoCloseable ones
		// (Database, EpochPoller, PasswordHasher)
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
		registry.registerBean("accountStore", AccountStore.class,
				bean -> bean.supplier(context -> new AccountStore(context.bean(Database.class))));
		// records the new epoch in PostgreSQL, and here at once, so this instance honours
		// it without waiting for a poll
		registry.registerBean("signOutEverywhere", SignOutEverywhere.class, bean -> bean.supplier(context -> {
			EpochStore epochs = context.bean(EpochStore.class);
			SessionRevocations revocations = context.bean(SessionRevocations.class);
			return userId -> epochs.bump(userId).doOnNext(epoch -> revocations.learn(userId, epoch));
		}));
		registry
			.registerBean("epochPoller", EpochPoller.class,
					bean -> bean.supplier(context -> new EpochPoller(context.bean(Database.class),
							context.bean(EpochStore.class), context.bean(SessionRevocations.class), EPOCH_POLL_INTERVAL,
							context.bean(Clock.class))));
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
					settings.derivedKey("sign-in-attempts"));
		}));
		// a Disposable has no close(): as an AutoCloseable, the context disposes it like
		// the beans above
		registry.registerBean("attemptPurge", AutoCloseable.class, bean -> bean.supplier(context -> {
			AttemptStore attempts = context.bean(AttemptStore.class);
			Duration longestWindow = accounts(context).attempts().longestWindow();
			return Flux.interval(ATTEMPT_PURGE_INTERVAL)
				.onBackpressureDrop()
				.concatMap(tick -> attempts.purge(longestWindow).onErrorResume(ex -> Mono.empty()))
				.subscribe()::dispose;
		}));
		registry.registerBean("databaseStart", GenericApplicationListener.class, bean -> bean
			.supplier(context -> GenericApplicationListener.forEventType(ApplicationReadyEvent.class, event -> {
				event.getApplicationContext().getBean(Database.class).start();
				event.getApplicationContext().getBean(EpochPoller.class).start();
				if (event.getApplicationContext().getBean(BridgeSettings.class).keyRotation().isPresent()) {
					event.getApplicationContext().getBean(SigningKeyRotation.class).start();
				}
				// nothing else asks for it: with beans created when first needed, this
				// creates it
				event.getApplicationContext().getBean("attemptPurge", AutoCloseable.class);
			})));
	}

	private static AccountSettings accounts(SupplierContext context) {
		return context.bean(BridgeSettings.class).accounts().orElseThrow();
	}

}
