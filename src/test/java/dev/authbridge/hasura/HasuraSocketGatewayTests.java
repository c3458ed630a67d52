package dev.authbridge.hasura;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With Hasura down every proxied socket fails and retries: the operator gets one warning
 * per ten seconds, not one per socket and try.
 */
@ExtendWith(OutputCaptureExtension.class)
class HasuraSocketGatewayTests {

	@Test
	void warnWhenRepeatedWithinTenSecondsThenOnlyTheFirstIsAWarning(CapturedOutput output) {
		HasuraSocketGateway.lastWarning.set(System.nanoTime() - HasuraSocketGateway.WARNING_EVERY_NANOS);

		for (int socket = 0; socket < 100; socket++) {
			HasuraSocketGateway.warn("Hasura's GraphQL WebSocket could not be opened: socket " + socket);
		}

		assertThat(output.getOut() + output.getErr()).contains("could not be opened: socket 0")
			.doesNotContain("could not be opened: socket 1 ")
			.doesNotContain("could not be opened: socket 99");
	}

}
