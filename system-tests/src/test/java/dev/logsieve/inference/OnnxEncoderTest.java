package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.llm.train.Encoders;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxEncoderTest {

    @Test
    void embeddingsAreUnitLengthAndDeterministic() throws Exception {
        float[][] a = Encoders.encoder().embed(Encoders.MESSAGES);
        float[][] b = Encoders.encoder().embed(Encoders.MESSAGES);
        assertThat(a).hasNumberOfRows(Encoders.MESSAGES.size());
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).hasSize(384);
            assertThat(Math.sqrt(Encoders.dot(a[i], a[i]))).isCloseTo(1.0, within(1e-5));
            assertThat(a[i]).containsExactly(b[i]);
        }
    }

    @Test
    void similarMessagesAreCloserThanUnrelatedOnes() throws Exception {
        float[][] e = Encoders.encoder().embed(List.of(
                "Receiving block <*> src: <*> dest: <*>",
                "Received block <*> of size <*> from <*>",
                "instruction cache parity error corrected"));
        double related = Encoders.dot(e[0], e[1]);
        double unrelated = Encoders.dot(e[0], e[2]);
        assertThat(related).isGreaterThan(unrelated + 0.2);
    }

    @Test
    void batchingGivesTheSameVectorsAsOneByOne() throws Exception {
        OnnxEncoder encoder = Encoders.encoder();
        float[][] batched = encoder.embed(Encoders.MESSAGES);
        for (int i = 0; i < Encoders.MESSAGES.size(); i++) {
            float[] single = encoder.embed(List.of(Encoders.MESSAGES.get(i)))[0];
            assertThat(single).as(Encoders.MESSAGES.get(i)).containsExactly(batched[i], within(1e-5f));
        }
    }
}
