package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.onnx.ModelProto;
import org.junit.jupiter.api.Test;

class OnnxModelsTest {

    @Test
    void artifactModelRoundTripsThroughTheGeneratedClasses() throws Exception {
        byte[] file = MiniLmEncoder.modelBytes();
        ModelProto parsed = OnnxModels.parse(file);
        assertThat(parsed.getGraph().getNodeCount()).isGreaterThan(600);
        assertThat(parsed.getGraph().getInitializerCount()).isGreaterThan(100);
        assertThat(parsed.getUnknownFields().asMap()).isEmpty();
        assertThat(parsed.getGraph().getUnknownFields().asMap()).isEmpty();

        byte[] written = parsed.toByteArray();
        ModelProto reparsed = OnnxModels.parse(written);
        assertThat(reparsed).isEqualTo(parsed);
        // Same field numbers, types and packing as the published schema: even the bytes are identical.
        assertThat(written).isEqualTo(file);
    }
}
