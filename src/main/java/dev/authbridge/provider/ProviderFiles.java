package dev.authbridge.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the provider files: the built-in {@code providers/*.yaml} packaged in the jar,
 * then every folder of {@code AUTH_PROVIDERS_DIR}, where a file replaces the built-in one
 * of the same id.
 */
public final class ProviderFiles {

	private static final String BUILT_IN = "classpath*:providers/*.yaml";

	private ProviderFiles() {
	}

	/**
	 * Loads and validates every provider file.
	 * @param extraDirs folders from {@code AUTH_PROVIDERS_DIR}, may be empty
	 * @param placeholders resolves {@code ${ENV:default}} placeholders
	 * @param problems receives one line per problem found; the result is only meaningful
	 * when none was added
	 */
	public static ProviderRegistry load(List<Path> extraDirs, UnaryOperator<String> placeholders,
			List<String> problems) {
		Map<String, ProviderDefinition> byId = new LinkedHashMap<>();
		ProviderParser parser = new ProviderParser(placeholders);
		try {
			Resource[] builtIn = new PathMatchingResourcePatternResolver().getResources(BUILT_IN);
			for (Resource resource : builtIn) {
				read(parser, resource.getFilename(), "providers/" + resource.getFilename(), resource.getInputStream(),
						byId, problems);
			}
		}
		catch (IOException ex) {
			problems.add("the built-in providers could not be read: " + ex.getMessage());
		}
		for (Path dir : extraDirs) {
			if (!Files.isDirectory(dir)) {
				problems.add("AUTH_PROVIDERS_DIR: " + dir + " is not a folder");
				continue;
			}
			try (var files = Files.list(dir)) {
				for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
					.sorted(Comparator.comparing(Path::toString))
					.toList()) {
					read(parser, file.getFileName().toString(), file.toString(), Files.newInputStream(file), byId,
							problems);
				}
			}
			catch (IOException ex) {
				problems.add("AUTH_PROVIDERS_DIR: " + dir + " could not be read: " + ex.getMessage());
			}
		}
		return new ProviderRegistry(new ArrayList<>(byId.values()));
	}

	private static void read(ProviderParser parser, String fileName, String source, InputStream in,
			Map<String, ProviderDefinition> byId, List<String> problems) throws IOException {
		String id = fileName.substring(0, fileName.length() - ".yaml".length());
		Object document;
		try (in) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (RuntimeException ex) {
			problems.add(source + ": is not valid YAML (" + ex.getMessage().lines().findFirst().orElse("") + ")");
			return;
		}
		if (!(document instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
			problems.add(source + ": must be a YAML mapping of keys to values");
			return;
		}
		@SuppressWarnings("unchecked")
		ProviderDefinition definition = parser.parse(id, (Map<String, Object>) map, source, problems);
		if (definition != null) {
			byId.put(id, definition);
		}
	}

}
