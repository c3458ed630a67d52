package dev.authbridge.db;

import dev.authbridge.session.KeyRing;
import dev.authbridge.session.SealedKey;
import dev.authbridge.session.SigningKeys;
import dev.authbridge.startup.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Keeps the {@link KeyRing} of this instance in step with {@code auth.signing_keys}:
 * loads the keys at startup (retrying with backoff while PostgreSQL is down; the first
 * instance on a fresh database makes the first key), then every {@code reloadInterval}
 * reloads them, makes the next key when a rotation is due and deletes the keys whose
 * publication ended. Should no stored key open (AUTH_SECRET changed), it makes one that
 * signs at once. {@link #rotate()} makes a new key at once, for the admin API. The hot
 * path reads the ring alone.
 */
public final class SigningKeyRotation implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SigningKeyRotation.class);

	private final SigningKeyStore store;

	private final SigningKeys keys;

	private final KeyRing ring;

	private final Duration reloadInterval;

	private final Clock clock;

	private final BackgroundWork<List<SealedKey>> firstLoad;

	private volatile Disposable reloads;

	/**
	 * @param timeout the database timeout; a load may take three
	 */
	public SigningKeyRotation(SigningKeyStore store, SigningKeys keys, KeyRing ring, Duration reloadInterval,
			Duration timeout, Clock clock) {
		this.store = store;
		this.keys = keys;
		this.ring = ring;
		this.reloadInterval = reloadInterval;
		this.clock = clock;
		this.firstLoad = new BackgroundWork<>(Mono.defer(this::reload).timeout(timeout.multipliedBy(3)),
				Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)), ex -> {
					ring.attempted();
					logger.warn("Access token signing keys not loaded yet (" + Database.describe(ex)
							+ "); /api/auth/session answers 503 to signed-in users until they are. Retrying.");
				});
	}

	/**
	 * Loads the keys in the background, then reloads them every interval.
	 */
	public void start() {
		this.firstLoad.start();
		this.reloads = Flux.interval(this.reloadInterval, this.reloadInterval)
			.onBackpressureDrop()
			.filter(tick -> this.firstLoad.done())
			.concatMap(tick -> reload().onErrorResume(ex -> {
				logger.warn("Access token signing keys not reloaded (" + Database.describe(ex)
						+ "); the keys loaded before stay in use.");
				return Mono.empty();
			}))
			.subscribe();
	}

	/**
	 * Reads the keys, adds one when a rotation is due, deletes those unpublished, and
	 * loads the ring; emits the keys stored.
	 */
	public Mono<List<SealedKey>> reload() {
		return this.store.all()
			.flatMap(stored -> this.keys.due(stored) ? this.store.addIf(this::nextIfDue, this.keys::supersededUntil)
					: Mono.just(stored))
			.flatMap(this::purgeUnpublished)
			.flatMap(stored -> {
				List<KeyRing.Timed> open = this.keys.open(stored);
				if (open.isEmpty() && !stored.isEmpty()) {
					return this.store.addIf(this::replacementIfNoneOpens, this.keys::supersededUntil)
						.flatMap(this::purgeUnpublished)
						.doOnNext(this::load);
				}
				this.ring.load(open);
				return Mono.just(stored);
			});
	}

	/**
	 * Starts a new key's publication now, whether or not a rotation is due; it signs once
	 * its publication delay has passed. Emits the keys stored, the new one last.
	 */
	public Mono<List<SealedKey>> rotate() {
		return this.store.addIf(this::next, this.keys::supersededUntil).doOnNext(this::load);
	}

	private Mono<SealedKey> nextIfDue(List<SealedKey> stored) {
		return this.keys.due(stored) ? next(stored) : Mono.empty();
	}

	/**
	 * When no stored key opens (AUTH_SECRET changed), a key that signs at once, as a
	 * first one does: without it no token could be signed at all. Verifiers holding the
	 * old set refuse its tokens until their copy expires (a max-age at most).
	 */
	private Mono<SealedKey> replacementIfNoneOpens(List<SealedKey> stored) {
		if (!this.keys.open(stored).isEmpty()) {
			return Mono.empty();
		}
		logger.warn("No stored access token signing key opens under this AUTH_SECRET: making one that signs at once; "
				+ "the stored ones leave the key set after their retention");
		return next(List.of());
	}

	/** A new key: generating one takes an RSA prime search, so off the event loop. */
	private Mono<SealedKey> next(List<SealedKey> stored) {
		return Mono.fromCallable(() -> this.keys.next(stored))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(key -> logger.info("New access token signing key " + key.kid() + " (" + key.alg()
					+ "), published now, signing from " + key.signsFrom()));
	}

	/** {@code stored} without the keys unpublished by now, which are deleted. */
	private Mono<List<SealedKey>> purgeUnpublished(List<SealedKey> stored) {
		Instant now = this.clock.instant();
		List<SealedKey> published = stored.stream()
			.filter(key -> key.unpublishAt() == null || key.unpublishAt().isAfter(now))
			.toList();
		return published.size() < stored.size() ? this.store.purge(now).thenReturn(published) : Mono.just(published);
	}

	private void load(List<SealedKey> stored) {
		this.ring.load(this.keys.open(stored));
	}

	@Override
	public void close() {
		this.firstLoad.stop();
		Disposable running = this.reloads;
		if (running != null) {
			running.dispose();
		}
	}

}
