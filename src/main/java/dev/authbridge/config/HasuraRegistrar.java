package dev.authbridge.config;

import dev.authbridge.hasura.HasuraConnection;
import dev.authbridge.hasura.HasuraGateway;
import dev.authbridge.hasura.HasuraSelfCheck;
import dev.authbridge.session.AccessTokens;
import java.time.Duration;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Hasura's beans, only when {@code HASURA_GRAPHQL_ENDPOINT} is set (the same test {@link BridgeSettings} applies):
 * the gateway the {@code UserDirectory} upserts through, and the self-check behind the {@code hasura} health
 * component, started once the server is ready so that it never delays startup.
 *
 * <p>Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class HasuraRegistrar implements BeanRegistrar {

	/** How often the self-check asks again until Hasura accepts the bridge's tokens. */
	private static final Duration SELF_CHECK_INTERVAL = Duration.ofSeconds(30);

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!HasuraConnection.isSet(environment.getProperty("hasura.graphql-endpoint"))) {
			return;
		}
		registry.registerBean("hasuraGateway", HasuraGateway.class,
				bean -> bean.supplier(context -> new HasuraGateway(context.bean(WebClient.Builder.class),
						context.bean(BridgeSettings.class).hasura().orElseThrow())));
		// named so that its health component is "hasura"; an AutoCloseable, closed with the context
		registry.registerBean("hasuraHealthIndicator", HasuraSelfCheck.class,
				bean -> bean.supplier(context -> new HasuraSelfCheck(context.bean(HasuraGateway.class),
						context.bean(AccessTokens.class), context.bean(BridgeSettings.class).roles(),
						SELF_CHECK_INTERVAL)));
		registry.registerBean("hasuraSelfCheckStart", GenericApplicationListener.class,
				bean -> bean.supplier(context -> GenericApplicationListener.forEventType(ApplicationReadyEvent.class,
						event -> event.getApplicationContext().getBean(HasuraSelfCheck.class).start())));
	}

}
