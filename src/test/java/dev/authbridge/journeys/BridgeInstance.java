package dev.authbridge.journeys;

import dev.authbridge.AuthBridgeApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more bridge process, as an operator would start it, in this JVM on a random or
 * given port: for scale-out and startup cases, and the browser tests.
 */
public final class BridgeInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private BridgeInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static BridgeInstance start(List<String> properties) {
		return start(0, properties);
	}

	/** Listening on {@code port}, 0 for a random one. */
	public static BridgeInstance start(int port, List<String> properties) {
		return new BridgeInstance(
				new SpringApplicationBuilder(AuthBridgeApplication.class).properties(properties.toArray(String[]::new))
					.run("--server.port=" + port)); // an argument: it outranks
													// application.yaml's ${PORT:3000}, a
													// default would not
	}

	/**
	 * Starts an instance on {@code port} in the background and returns the moment that
	 * port accepts a connection: the first request a load balancer could send a new
	 * instance, long before startup is over.
	 */
	static CompletableFuture<BridgeInstance> startAndAwaitPort(int port, List<String> properties) {
		CompletableFuture<BridgeInstance> starting = CompletableFuture.supplyAsync(() -> start(port, properties));
		Instant deadline = Instant.now().plusSeconds(60);
		while (!accepts(port)) {
			if (starting.isDone() || Instant.now().isAfter(deadline)) {
				starting.join().close();
				throw new IllegalStateException("the instance did not listen on port " + port);
			}
			Thread.onSpinWait();
		}
		return starting;
	}

	/**
	 * Whether a server listens on {@code port}. Polling a free port in the ephemeral
	 * range can connect the socket to itself (TCP simultaneous open when the kernel picks
	 * that very port as the source): that is no server.
	 */
	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
			return socket.getLocalPort() != port;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * The instance's bean of {@code type}, to watch what it learns (its
	 * {@code SessionRevocations}, say) as a component of the same process would.
	 */
	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
