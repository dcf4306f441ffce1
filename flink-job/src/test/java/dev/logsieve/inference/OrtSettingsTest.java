package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.logsieve.scoring.Backends;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The in-process backend's execution provider as a user sets it. The build's ONNX Runtime is the
 * CPU artifact, and this machine has no GPU: the CUDA path itself is not exercised here, only that
 * asking for it without the GPU build stops with what to do.
 */
class OrtSettingsTest {

    @Test
    void theDefaultsAreTheCpuWithOneThread() {
        assertThat(Backends.ortSettings(new Configuration())).isEqualTo(OrtSettings.cpu(1));
        Configuration c = new Configuration();
        c.setString("logsieve.llm.execution-provider", "CUDA");
        c.setString("logsieve.llm.cuda-device", "1");
        c.setString("logsieve.llm.threads", "2");
        assertThat(Backends.ortSettings(c)).isEqualTo(new OrtSettings(2, OrtSettings.Provider.CUDA, 1));
    }

    @Test
    void aBadSettingIsNamed() {
        Configuration c = new Configuration();
        c.setString("logsieve.llm.execution-provider", "tpu");
        assertThatThrownBy(() -> Backends.ortSettings(c)).hasMessageContaining("logsieve.llm.execution-provider")
                .hasMessageContaining("'tpu'").hasMessageContaining("cpu or cuda");
        Configuration d = new Configuration();
        d.setString("logsieve.llm.cuda-device", "-1");
        assertThatThrownBy(() -> Backends.ortSettings(d)).hasMessageContaining("logsieve.llm.cuda-device");
    }

    @Test
    void cudaWithoutTheGpuBuildSaysHowToGetIt() throws OrtException {
        assertThat(OrtEnvironment.getAvailableProviders()).as("this build is ONNX Runtime's CPU artifact")
                .doesNotContain(ai.onnxruntime.OrtProvider.CUDA);
        assertThatThrownBy(() -> new OrtSettings(1, OrtSettings.Provider.CUDA, 0).sessionOptions())
                .isInstanceOf(OrtException.class)
                .hasMessageContaining("CUDA device 0").hasMessageContaining("mvn -Pgpu")
                .hasMessageContaining("onnxruntime_gpu");
        try (OrtSession.SessionOptions o = OrtSettings.cpu(2).sessionOptions()) {
            assertThat(o).isNotNull();
        }
    }
}
