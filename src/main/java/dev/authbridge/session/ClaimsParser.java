package dev.authbridge.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the claims of a token whose MAC already checked, the way nimbus's parser (Gson)
 * would, for the shapes the bridge's tokens have: objects, arrays, strings, whole numbers
 * ({@link Long}), booleans and null. Anything else (a fraction, an exponent, a duplicate
 * key, trailing text, odd whitespace) answers {@code null}, and the caller then takes
 * nimbus's parser, which decides. Gson was a tenth of {@code /session} in the profile.
 */
final class ClaimsParser {

	private static final int MAX_DEPTH = 16;

	private final String json;

	private int at;

	private ClaimsParser(String json) {
		this.json = json;
	}

	/**
	 * The top-level object of {@code json}, or {@code null} when this parser leaves it to
	 * nimbus's.
	 */
	static Map<String, Object> parse(String json) {
		ClaimsParser parser = new ClaimsParser(json);
		try {
			Object value = parser.value(0);
			return value instanceof Map<?, ?> && parser.at == json.length() ? cast(value) : null;
		}
		catch (Unsupported | IndexOutOfBoundsException ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

	private Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw Unsupported.INSTANCE;
		}
		char c = this.json.charAt(this.at);
		if (c == '{') {
			return object(depth);
		}
		if (c == '[') {
			return array(depth);
		}
		if (c == '"') {
			return string();
		}
		if (c == '-' || (c >= '0' && c <= '9')) {
			return number();
		}
		if (this.json.startsWith("true", this.at)) {
			this.at += 4;
			return Boolean.TRUE;
		}
		if (this.json.startsWith("false", this.at)) {
			this.at += 5;
			return Boolean.FALSE;
		}
		if (this.json.startsWith("null", this.at)) {
			this.at += 4;
			return null;
		}
		throw Unsupported.INSTANCE;
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> object = new LinkedHashMap<>();
		this.at++;
		if (this.json.charAt(this.at) == '}') {
			this.at++;
			return object;
		}
		while (true) {
			if (this.json.charAt(this.at) != '"') {
				throw Unsupported.INSTANCE;
			}
			String key = string();
			expect(':');
			Object value = value(depth + 1);
			if (object.containsKey(key)) {
				throw Unsupported.INSTANCE;
			}
			object.put(key, value);
			char c = this.json.charAt(this.at++);
			if (c == '}') {
				return object;
			}
			if (c != ',') {
				throw Unsupported.INSTANCE;
			}
		}
	}

	private List<Object> array(int depth) {
		List<Object> array = new ArrayList<>();
		this.at++;
		if (this.json.charAt(this.at) == ']') {
			this.at++;
			return array;
		}
		while (true) {
			array.add(value(depth + 1));
			char c = this.json.charAt(this.at++);
			if (c == ']') {
				return array;
			}
			if (c != ',') {
				throw Unsupported.INSTANCE;
			}
		}
	}

	private String string() {
		this.at++;
		StringBuilder out = null;
		int start = this.at;
		while (true) {
			char c = this.json.charAt(this.at);
			if (c == '"') {
				String text = out == null ? this.json.substring(start, this.at)
						: out.append(this.json, start, this.at).toString();
				this.at++;
				return text;
			}
			if (c < 0x20) {
				throw Unsupported.INSTANCE;
			}
			if (c != '\\') {
				this.at++;
				continue;
			}
			out = (out == null ? new StringBuilder() : out).append(this.json, start, this.at);
			char escaped = this.json.charAt(this.at + 1);
			switch (escaped) {
				case '"', '\\', '/' -> out.append(escaped);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> out.append(hex(this.at + 2));
				default -> throw Unsupported.INSTANCE;
			}
			this.at += escaped == 'u' ? 6 : 2;
			start = this.at;
		}
	}

	private char hex(int from) {
		int value = 0;
		for (int i = from; i < from + 4; i++) {
			int digit = Character.digit(this.json.charAt(i), 16);
			if (digit < 0) {
				throw Unsupported.INSTANCE;
			}
			value = value * 16 + digit;
		}
		return (char) value;
	}

	/**
	 * An integer that fits a long, without leading zeros; fractions and exponents are
	 * left to Gson.
	 */
	private Long number() {
		int start = this.at;
		if (this.json.charAt(this.at) == '-') {
			this.at++;
		}
		int digits = this.at;
		while (this.at < this.json.length() && this.json.charAt(this.at) >= '0' && this.json.charAt(this.at) <= '9') {
			this.at++;
		}
		int count = this.at - digits;
		if (count == 0 || count > 18 || (count > 1 && this.json.charAt(digits) == '0')) {
			throw Unsupported.INSTANCE;
		}
		if (this.at < this.json.length()) {
			char next = this.json.charAt(this.at);
			if (next == '.' || next == 'e' || next == 'E') {
				throw Unsupported.INSTANCE;
			}
		}
		return Long.parseLong(this.json, start, this.at, 10);
	}

	private void expect(char c) {
		if (this.json.charAt(this.at++) != c) {
			throw Unsupported.INSTANCE;
		}
	}

	/** Not a shape this parser reads: nimbus's parser decides. */
	private static final class Unsupported extends RuntimeException {

		static final Unsupported INSTANCE = new Unsupported();

		private Unsupported() {
			super(null, null, false, false);
		}

	}

}
