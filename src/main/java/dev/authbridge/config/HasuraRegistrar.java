package dev.authbridge.config;

import dev.authbridge.hasura.HasuraConnection;
import dev.authbridge.hasura.HasuraGateway;
import dev.authbridge.hasura.HasuraSelfCheck;
import dev.authbridge.session.AccessTokens;
import java.time.Duration;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Hasura's beans, only when {@code HASURA_GRAPHQL_ENDPOINT} is set (the same test
 * {@link BridgeSettings} applies): the gateway the {@code UserDirectory} upserts through,
 * and the self-check behind the {@code hasura} health component, started once the server
 * is ready so that it never delays startup.
 *
 * <p>
 * Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class HasuraRegistrar implements BeanRegistrar {

	/** How often the self-check asks again until Hasura accepts the bridge's tokens. */
	private static final Duration SELF_CHECK_INTERVAL = Duration.ofSeconds(30);

	/** The self-check's bean name, which makes its health component {@code hasura}. */
	private static final String SELF_CHECK = "hasuraHealthIndicator";

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!HasuraConnection.isSet(environment.getProperty("hasura.graphql-endpoint"))) {
			return;
		}
		registry.registerBean("hasuraGateway", HasuraGateway.class,
				bean -> bean.supplier(context -> new HasuraGateway(context.bean(WebClient.Builder.class),
						context.bean(BridgeSettings.class).hasura().orElseThrow())));
		// named so that its health component is "hasura"; an AutoCloseable, closed with
		// the context
		registry.registerBean(SELF_CHECK, HasuraSelfCheck.class,
				bean -> bean.supplier(context -> new HasuraSelfCheck(context.bean(HasuraGateway.class),
						context.bean(AccessTokens.class), context.bean(BridgeSettings.class).roles(),
						SELF_CHECK_INTERVAL)));
		registry.registerBean("hasuraSelfCheckStart", GenericApplicationListener.class,
				bean -> bean.supplier(context -> GenericApplicationListener.forEventType(ApplicationReadyEvent.class,
						event -> event.getApplicationContext().getBean(HasuraSelfCheck.class).start())));
		// Stopped as the context begins to close, while the HTTP client's event loops
		// still run: cancelling a check
		// after Reactor Netty's resources are gone (beans are destroyed after the
		// lifecycle stop) throws
		// RejectedExecutionException from the close method.
		registry.registerBean("hasuraSelfCheckStop", GenericApplicationListener.class, bean -> bean
			.supplier(context -> GenericApplicationListener.forEventType(ContextClosedEvent.class, event -> {
				if (event.getApplicationContext() instanceof ConfigurableApplicationContext closing
						&& closing.getBeanFactory().containsSingleton(SELF_CHECK)) {
					closing.getBean(SELF_CHECK, HasuraSelfCheck.class).close();
				}
			})));
	}

}
