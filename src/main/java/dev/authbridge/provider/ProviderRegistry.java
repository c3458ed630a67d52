package dev.authbridge.provider;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every provider file that loaded, and the enabled ones in a stable order (by id). */
public final class ProviderRegistry {

	private final List<ProviderDefinition> all;

	private final List<ProviderDefinition> enabled;

	public ProviderRegistry(List<ProviderDefinition> all) {
		this.all = all.stream().sorted(Comparator.comparing(ProviderDefinition::id)).toList();
		this.enabled = this.all.stream().filter(ProviderDefinition::enabled).toList();
	}

	/** A registry with {@code extra} added; this one is left as it is. */
	public ProviderRegistry with(ProviderDefinition extra) {
		return new ProviderRegistry(Stream.concat(this.all.stream(), Stream.of(extra)).toList());
	}

	public List<ProviderDefinition> all() {
		return this.all;
	}

	public List<ProviderDefinition> enabled() {
		return this.enabled;
	}

	/** The enabled provider {@code id}. */
	public Optional<ProviderDefinition> find(String id) {
		return this.enabled.stream().filter(provider -> provider.id().equals(id)).findFirst();
	}

}
