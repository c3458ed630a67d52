package dev.authbridge.db;

import dev.authbridge.session.SessionRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Feeds {@link SessionRevocations} from {@code auth.session_epochs}: every
 * {@code interval}, the epochs changed in the last {@link #OVERLAP} (so a slow commit or
 * a missed poll loses nothing); all of them on the first poll and after an outage longer
 * than that. It is the safety net under {@link RevocationListener}, which hears of a
 * sign-out-everywhere on any instance at once: should a notification be lost, the
 * sign-out still reaches every instance within one interval plus a query.
 */
public final class EpochPoller implements AutoCloseable {

	/**
	 * How far back each poll looks, by PostgreSQL's clock: far more than an interval, so
	 * polls overlap.
	 */
	static final Duration OVERLAP = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(EpochPoller.class);

	private final Database database;

	private final EpochStore epochs;

	private final SessionRevocations revocations;

	private final Duration interval;

	private final Clock clock;

	private volatile Instant lastPoll;

	private volatile Disposable polling;

	public EpochPoller(Database database, EpochStore epochs, SessionRevocations revocations, Duration interval,
			Clock clock) {
		this.database = database;
		this.epochs = epochs;
		this.revocations = revocations;
		this.interval = interval;
		this.clock = clock;
	}

	public void start() {
		this.polling = Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap(tick -> poll().onErrorResume(ex -> {
				logger.debug("Session epochs not polled: " + Database.describe(ex));
				return Mono.empty();
			}))
			.subscribe();
	}

	Mono<Void> poll() {
		return poll(false);
	}

	/**
	 * Every epoch, however old: what {@link RevocationListener} asks for on each
	 * (re)connect, as notifications sent while it was away are lost.
	 */
	Mono<Void> pollAll() {
		return poll(true);
	}

	private Mono<Void> poll(boolean everyEpoch) {
		if (!this.database.ready()) {
			return Mono.empty();
		}
		Instant started = this.clock.instant();
		Instant last = this.lastPoll;
		boolean all = everyEpoch || last == null
				|| Duration.between(last, started).compareTo(OVERLAP.minus(this.interval)) > 0;
		return (all ? this.epochs.all() : this.epochs.changedWithin(OVERLAP))
			.doOnNext(epoch -> this.revocations.learn(epoch.getKey(), epoch.getValue()))
			.then(Mono.fromRunnable(() -> this.lastPoll = started));
	}

	@Override
	public void close() {
		Disposable running = this.polling;
		if (running != null) {
			running.dispose();
		}
	}

}
