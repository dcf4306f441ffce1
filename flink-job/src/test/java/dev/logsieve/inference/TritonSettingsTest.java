package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TritonSettingsTest {

    @Test
    void parsesHostAndPortAsTheTritonFlagGivesThem() {
        assertThat(TritonSettings.parse("triton:8001").target()).isEqualTo("triton:8001");
        assertThat(TritonSettings.parse("triton.ml.svc").port()).isEqualTo(TritonSettings.DEFAULT_PORT);
        assertThat(TritonSettings.parse("[::1]:9001").host()).isEqualTo("::1");
        assertThat(TritonSettings.parse("[::1]:9001").target()).isEqualTo("[::1]:9001");
        assertThatThrownBy(() -> TritonSettings.parse("triton:http")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> TritonSettings.parse("triton:0")).hasMessageContaining("1..65535");
    }

    @Test
    void defaultsFollowTheContract() {
        TritonSettings s = TritonSettings.of("h", 8001);
        assertThat(s.encoderModel()).isEqualTo("logllm_encoder");
        assertThat(s.classifierModel()).isEqualTo("logllm_classifier");
        assertThat(s.modelVersion()).isEmpty();
        assertThat(s.tls()).isFalse();
        assertThat(s.maxOutboundMessageBytes()).as("a full classifier batch is ~13 MB").isGreaterThan(13 << 20);
    }

    @Test
    void theTokenStaysOutOfLogs() {
        assertThat(TritonSettings.of("h", 8001).withBearerToken("s3cret").toString())
                .doesNotContain("s3cret").contains("token set");
    }

    @Test
    void nonsenseIsRejectedWithTheReason() {
        assertThatThrownBy(() -> TritonSettings.of("h", 1).withDeadline(Duration.ZERO)).hasMessageContaining("deadline");
        assertThatThrownBy(() -> TritonSettings.of("h", 1).withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> new TritonSettings("h", 1, Duration.ofSeconds(1), 0, Duration.ofMillis(1),
                Duration.ofMillis(1), 1, 1, false, Path.of("ca.pem"), null, "e", "c", ""))
                .hasMessageContaining("needs TLS");
    }
}
