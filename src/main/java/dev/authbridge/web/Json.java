package dev.authbridge.web;

/**
 * The few JSON answers on the hot path, written by hand: a {@code /session} answer
 * through Jackson cost a map or record walk, a generator and a buffer copy per request
 * for four strings. Escapes as RFC 8259 §7 requires (quote, backslash, control
 * characters) and nothing more, like Jackson's defaults.
 */
public final class Json {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Json() {
	}

	/** Appends {@code value} as a JSON string, or {@code null}. */
	public static StringBuilder string(StringBuilder out, String value) {
		if (value == null) {
			return out.append("null");
		}
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"');
	}

}
