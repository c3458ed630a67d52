package dev.authbridge.provider;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The colours of a provider's sign-in button, NextAuth's provider {@code style}: written
 * in the provider file as {@code style: {bg: "#24292f", text: "#fff"}}. Only hex colours
 * are accepted, so a value can go into the generated style sheet as it is.
 *
 * @param background the button's background, {@code #rgb} or {@code #rrggbb}, lower-case
 * @param text the colour of its label
 */
public record ProviderStyle(String background, String text) {

	static final Pattern HEX = Pattern.compile("#(\\p{XDigit}{3}|\\p{XDigit}{6})");

	/**
	 * What a provider file without {@code style} gets: the bridge's own button colours.
	 */
	public static final ProviderStyle DEFAULT = new ProviderStyle("#24292f", "#fff");

	public ProviderStyle {
		if (background == null || text == null || !HEX.matcher(background).matches() || !HEX.matcher(text).matches()) {
			throw new IllegalArgumentException("colours must be hex colours such as #24292f or #fff");
		}
		background = background.toLowerCase(Locale.ROOT);
		text = text.toLowerCase(Locale.ROOT);
	}

	/**
	 * The contrast ratio between text and background, from 1 to 21 (WCAG 2.2, "contrast
	 * ratio"); 4.5 is the least for normal text at level AA (success criterion 1.4.3).
	 */
	public double contrast() {
		double a = luminance(this.background);
		double b = luminance(this.text);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	/** WCAG's relative luminance of an sRGB hex colour. */
	private static double luminance(String hex) {
		String digits = hex.substring(1);
		if (digits.length() == 3) {
			digits = digits.replaceAll("(.)", "$1$1");
		}
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double value = Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16) / 255.0;
			channels[i] = value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
	}

}
