package dev.authbridge.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where Hasura looks for the {@code x-hasura-*} claims: under one top-level key
 * ({@code claims_namespace}) or at a JSONPath ({@code claims_namespace_path}: {@code $},
 * {@code $.hasura.claims}, {@code $['https://x.io/claims']}). Writes and reads the claims
 * object at that place in a token payload.
 *
 * @param segments the keys from the payload root to the claims object; empty means the
 * root itself
 */
public record ClaimsLocation(List<String> segments) {

	public ClaimsLocation {
		segments = List.copyOf(segments);
	}

	static ClaimsLocation namespace(String key) {
		return new ClaimsLocation(List.of(key));
	}

	/**
	 * Parses the JSONPath subset Hasura documents: {@code $}, then {@code .name} or
	 * {@code ['name']} steps.
	 */
	static ClaimsLocation path(String jsonPath) {
		if (!jsonPath.startsWith("$")) {
			throw new IllegalArgumentException("must start with \"$\", e.g. \"$.hasura.claims\"");
		}
		List<String> segments = new ArrayList<>();
		int i = 1;
		while (i < jsonPath.length()) {
			char c = jsonPath.charAt(i);
			if (c == '.') {
				int end = i + 1;
				while (end < jsonPath.length() && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
					end++;
				}
				if (end == i + 1) {
					throw new IllegalArgumentException("has an empty step at position " + i);
				}
				segments.add(jsonPath.substring(i + 1, end));
				i = end;
			}
			else if (c == '[' && i + 1 < jsonPath.length()
					&& (jsonPath.charAt(i + 1) == '\'' || jsonPath.charAt(i + 1) == '"')) {
				char quote = jsonPath.charAt(i + 1);
				int close = jsonPath.indexOf(quote + "]", i + 2);
				if (close < 0) {
					throw new IllegalArgumentException("has an unclosed [" + quote + " at position " + i);
				}
				segments.add(jsonPath.substring(i + 2, close));
				i = close + 2;
			}
			else {
				throw new IllegalArgumentException(
						"is not a JSONPath Hasura understands: unexpected '" + c + "' at position " + i);
			}
		}
		return new ClaimsLocation(segments);
	}

	boolean isRoot() {
		return this.segments.isEmpty();
	}

	/**
	 * Puts {@code claims} (an object, or its JSON string) at this location in
	 * {@code payload}.
	 */
	@SuppressWarnings("unchecked")
	void write(Map<String, Object> payload, Object claims) {
		if (isRoot()) {
			payload.putAll((Map<String, Object>) claims);
			return;
		}
		Map<String, Object> node = payload;
		for (String segment : this.segments.subList(0, this.segments.size() - 1)) {
			node = (Map<String, Object>) node.computeIfAbsent(segment, k -> new LinkedHashMap<>());
		}
		node.put(this.segments.get(this.segments.size() - 1), claims);
	}

	/** The value at this location in {@code payload}, or {@code null} when absent. */
	Object read(Map<String, Object> payload) {
		Object node = payload;
		for (String segment : this.segments) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(segment);
		}
		return node;
	}

}
