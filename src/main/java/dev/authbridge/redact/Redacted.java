package dev.authbridge.redact;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * A record's {@code toString} with its secrets masked. A record's own prints every
 * component, so a settings record logged whole, or named in an exception, would print
 * AUTH_SECRET or a client secret; a record holding one overrides {@code toString} with
 * {@link #toString(Record, String...)}, which still prints everything else.
 */
public final class Redacted {

	/**
	 * What a secret that is set prints as; one not set prints as it is ({@code null}, or
	 * empty), which tells.
	 */
	public static final String MARK = "[redacted]";

	private Redacted() {
	}

	/**
	 * {@code record} as its own {@code toString} would write it, {@code Name[a=1, b=2]},
	 * with the components named {@code secrets} printed as {@link #MARK}.
	 * @throws IllegalArgumentException when {@code record} has no component of one of the
	 * names: a renamed component must not start printing its secret silently
	 */
	public static String toString(Record record, String... secrets) {
		RecordComponent[] components = record.getClass().getRecordComponents();
		List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
		for (String secret : secrets) {
			if (!names.contains(secret)) {
				throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + secret);
			}
		}
		List<String> hidden = List.of(secrets);
		StringJoiner text = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
		for (RecordComponent component : components) {
			Object value = value(record, component);
			boolean set = value != null && !"".equals(value);
			text.add(component.getName() + "=" + (set && hidden.contains(component.getName()) ? MARK : value));
		}
		return text.toString();
	}

	private static Object value(Record record, RecordComponent component) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(
					"cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), ex);
		}
	}

}
