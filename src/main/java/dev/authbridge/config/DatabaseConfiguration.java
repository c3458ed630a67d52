package dev.authbridge.config;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.PasswordHasher;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.Database;
import dev.authbridge.db.DatabaseHealth;
import dev.authbridge.db.EpochPoller;
import dev.authbridge.db.EpochStore;
import dev.authbridge.db.RoleStore;
import dev.authbridge.db.UserStateStore;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL's beans, only when {@code DATABASE_URL} is set: the pool and the stores, sign-out-everywhere and its
 * poller, the {@code database} readiness component, and (unless {@code AUTH_CREDENTIALS=false}) e-mail + password
 * sign-in. The migrations and the polling start once the server is ready, so a PostgreSQL that is down delays
 * nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${database.url:}'.isBlank()")
class DatabaseConfiguration {

	/** How often each instance polls for sign-outs everywhere: they take effect within this plus one query. */
	static final Duration EPOCH_POLL_INTERVAL = Duration.ofSeconds(2);

	/** How often ended attempt windows are deleted. */
	static final Duration ATTEMPT_PURGE_INTERVAL = Duration.ofMinutes(5);

	@Bean(destroyMethod = "close")
	Database database(BridgeSettings settings) {
		return new Database(settings.accounts().orElseThrow().database());
	}

	@Bean
	UserStateStore userStateStore(Database database) {
		return new UserStateStore(database);
	}

	@Bean
	RoleStore roleStore(Database database) {
		return new RoleStore(database);
	}

	@Bean
	EpochStore epochStore(Database database) {
		return new EpochStore(database);
	}

	@Bean
	AttemptStore attemptStore(Database database, BridgeSettings settings) {
		return new AttemptStore(database, settings.accounts().orElseThrow().attempts().window());
	}

	/** Records the new epoch in PostgreSQL, and here at once, so this instance honours it without waiting for a poll. */
	@Bean
	SignOutEverywhere signOutEverywhere(EpochStore epochs, SessionRevocations revocations) {
		return userId -> epochs.bump(userId).doOnNext(epoch -> revocations.learn(userId, epoch));
	}

	@Bean(destroyMethod = "close")
	EpochPoller epochPoller(Database database, EpochStore epochs, SessionRevocations revocations, Clock clock) {
		return new EpochPoller(database, epochs, revocations, EPOCH_POLL_INTERVAL, clock);
	}

	/** Named so that its health component is {@code database}. */
	@Bean
	DatabaseHealth databaseHealthIndicator(Database database) {
		return new DatabaseHealth(database);
	}

	@Bean(destroyMethod = "close")
	PasswordHasher passwordHasher() {
		return new PasswordHasher();
	}

	@Bean
	@ConditionalOnExpression("${auth.accounts.credentials:true}")
	CredentialsLogin credentialsLogin(AccountStore accounts, AttemptStore attempts, PasswordHasher hasher,
			UserDirectory users, SessionIssuer sessions, BridgeSettings settings) {
		return new CredentialsLogin(accounts, attempts, settings.accounts().orElseThrow().attempts(), hasher, users,
				sessions, settings.derivedKey("sign-in-attempts"));
	}

	@Bean
	AccountStore accountStore(Database database) {
		return new AccountStore(database);
	}

	@Bean(destroyMethod = "dispose")
	Disposable attemptPurge(AttemptStore attempts) {
		return Flux.interval(ATTEMPT_PURGE_INTERVAL).onBackpressureDrop().concatMap(tick -> attempts.purge()
			.onErrorResume(ex -> Mono.empty())).subscribe();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(Database.class).start();
		event.getApplicationContext().getBean(EpochPoller.class).start();
	}

}
