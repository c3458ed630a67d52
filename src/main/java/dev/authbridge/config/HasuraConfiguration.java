package dev.authbridge.config;

import dev.authbridge.hasura.HasuraGateway;
import dev.authbridge.hasura.HasuraSelfCheck;
import dev.authbridge.session.AccessTokens;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Hasura's beans, only when {@code HASURA_GRAPHQL_ENDPOINT} is set (the same test {@link BridgeSettings} applies):
 * the gateway the {@code UserDirectory} upserts through, and the self-check behind the {@code hasura} health
 * component.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${hasura.graphql-endpoint:}'.isBlank()")
class HasuraConfiguration {

	/** How often the self-check asks again until Hasura accepts the bridge's tokens. */
	private static final Duration SELF_CHECK_INTERVAL = Duration.ofSeconds(30);

	@Bean
	HasuraGateway hasuraGateway(WebClient.Builder builder, BridgeSettings settings) {
		return new HasuraGateway(builder, settings.hasura().orElseThrow());
	}

	/** Named so that its health component is {@code hasura}. */
	@Bean
	HasuraSelfCheck hasuraHealthIndicator(HasuraGateway gateway, AccessTokens tokens, BridgeSettings settings) {
		return new HasuraSelfCheck(gateway, tokens, settings.roles(), SELF_CHECK_INTERVAL);
	}

	/** After the server is ready, so the check never delays startup. */
	@EventListener(ApplicationReadyEvent.class)
	void startSelfCheck(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(HasuraSelfCheck.class).start();
	}

}
