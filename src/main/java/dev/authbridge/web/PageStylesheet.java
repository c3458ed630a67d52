package dev.authbridge.web;

import dev.authbridge.provider.ProviderDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The style sheet of the bridge's pages: {@code assets/authbridge.css}, then one rule per
 * enabled provider that gives its sign-in button ({@code class="provider-<id>"}) the
 * colours of the provider file's {@code style}. Built once at startup and served as a
 * file, so the Content-Security-Policy keeps {@code style-src 'self'} with no inline
 * style. Ids are {@code [a-z0-9-]} and colours hex, both checked when the files are read,
 * so neither can break out of its rule.
 */
public final class PageStylesheet {

	private PageStylesheet() {
	}

	public static byte[] build(byte[] base, List<ProviderDefinition> providers) {
		StringBuilder css = new StringBuilder(new String(base, StandardCharsets.UTF_8));
		css.append("\n/* sign-in buttons in each provider's colours (the style of its provider file) */\n");
		for (ProviderDefinition provider : providers) {
			css.append(".provider-")
				.append(provider.id())
				.append(" { background: ")
				.append(provider.style().background())
				.append("; color: ")
				.append(provider.style().text())
				.append("; }\n");
		}
		return css.toString().getBytes(StandardCharsets.UTF_8);
	}

}
