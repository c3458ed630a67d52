package dev.authbridge.config;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.CsrfAction;
import dev.authbridge.web.actions.GraphQlProxyRules;
import dev.authbridge.web.actions.SessionAction;
import dev.authbridge.web.hotpath.HotPathRoutes;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * {@code GET /session}, {@code GET /csrf} and the GraphQL proxy's
 * {@code POST /v1/graphql} answered by Reactor Netty ahead of WebFlux, with the same
 * headers, unless {@code AUTHBRIDGE_HOT_PATH=false} leaves them to WebFlux (to measure
 * what it buys). Decided at every start, as {@link BridgeConfiguration} explains.
 */
public final class HotPathRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!Binder.get(environment).bind("authbridge.hot-path", Boolean.class).orElse(true)) {
			return;
		}
		registry.registerBean("hotPathRoutes", HotPathRoutes.class, bean -> bean.supplier(context -> {
			AuthCookies cookies = context.bean(AuthCookies.class);
			return new HotPathRoutes(context.bean(SessionAction.class), context.bean(CsrfAction.class),
					cookies.sessionName(), cookies.csrfName(), context.bean(ResponseHeaders.class),
					context.beanProvider(ForwardedHeaderTransformer.class).getIfAvailable() != null,
					context.bean(BridgeSettings.class).graphQlProxy().isPresent()
							? context.bean(GraphQlProxyRules.class) : null);
		}));
	}

}
