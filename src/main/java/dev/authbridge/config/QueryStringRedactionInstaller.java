package dev.authbridge.config;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Adds {@link QueryStringRedaction} to Logback once Spring Boot has set logging up: Boot
 * resets Logback's context as it does, which drops any filter added before. Listed in
 * {@code META-INF/spring.factories}.
 */
final class QueryStringRedactionInstaller implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& context.getTurboFilterList().stream().noneMatch(QueryStringRedaction.class::isInstance)) {
			QueryStringRedaction filter = new QueryStringRedaction();
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}
