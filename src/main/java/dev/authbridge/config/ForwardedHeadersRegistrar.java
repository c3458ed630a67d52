package dev.authbridge.config;

import dev.authbridge.web.ClientAddressResolver;
import dev.authbridge.web.ClientAddressTransformer;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Applies {@code X-Forwarded-*} to requests, only when {@code AUTH_TRUST_HOST} says the
 * operator trusts the proxy that sets them; the client address is the rightmost hop
 * outside {@code AUTH_TRUSTED_PROXIES}. WebFlux looks the transformer up by its bean
 * name. Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class ForwardedHeadersRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (Binder.get(environment).bind("auth.trust-host", Boolean.class).orElse(false)) {
			registry.registerBean(WebHttpHandlerBuilder.FORWARDED_HEADER_TRANSFORMER_BEAN_NAME,
					ForwardedHeaderTransformer.class, bean -> bean.supplier(context -> new ClientAddressTransformer(
							new ClientAddressResolver(context.bean(BridgeSettings.class).trustedProxies()))));
		}
	}

}
