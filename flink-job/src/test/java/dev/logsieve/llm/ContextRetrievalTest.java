package dev.logsieve.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.inference.MessageEmbedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sequence's context as the classifier gets it. The embedder here is a plain function of the
 * text (no encoder runs in this module's tests); the retrieval with the real encoder and models is
 * covered by the system tests ({@code LlmContextStageTest}).
 */
class ContextRetrievalTest {

    /** Records each call; a text's vector is one-hot on its length (texts of equal length are alike). */
    static final class Recording implements MessageEmbedder {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public float[][] embed(List<String> messages) {
            calls.add(List.copyOf(messages));
            float[][] out = new float[messages.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[64];
                out[i][messages.get(i).length() % 64] = 1;
            }
            return out;
        }
    }

    @Test
    void theMatchingDescriptionsComeFirstAsTheirEmbeddingsAndAreEmbeddedOnceForAllSequences() {
        Recording encoder = new Recording();
        ContextRetrieval r = new ContextRetrieval(KnowledgeTest.KNOWLEDGE, 2, 0.99, encoder);
        float[][] none = new float[][] {new float[64]};
        float[][] first = r.context(List.of("syscall close", "syscall execve"), none);
        float[][] second = r.context(List.of("syscall socketcall"), none);
        assertThat(encoder.calls).hasSize(1);
        assertThat(encoder.calls.get(0)).hasSize(KnowledgeTest.KNOWLEDGE.entries().size());
        float[][] all = new Recording().embed(KnowledgeTest.KNOWLEDGE.entries().stream().map(Knowledge.Entry::text).toList());
        assertThat(first).isDeepEqualTo(new float[][] {all[0], all[3]});
        assertThat(second).isDeepEqualTo(new float[][] {all[5]});
        assertThat(r.context(List.of("nothing matches"), none).length).isZero();
    }

    @Test
    void atMostKDescriptionsAndDescriptionsSimilarEnoughFillTheRest() {
        Recording encoder = new Recording();
        ContextRetrieval r = new ContextRetrieval(KnowledgeTest.KNOWLEDGE, 1, 0.5, encoder);
        assertThat(r.context(List.of("syscall close", "syscall execve", "syscall socketcall"), null).length).isEqualTo(1);
        // nothing matches "x", but a message embedded exactly as "execve: execute program." is (one-hot on the length)
        String alike = "x".repeat("execve: execute program.".length());
        float[][] message = encoder.embed(List.of(alike));
        float[][] got = new ContextRetrieval(KnowledgeTest.KNOWLEDGE, 3, 0.5, encoder).context(List.of(alike), message);
        assertThat(got.length).isEqualTo(1);
        assertThat(got[0]).isEqualTo(message[0]);
    }

    @Test
    void aRetrievalOfNothingIsRefused() {
        assertThatThrownBy(() -> new ContextRetrieval(KnowledgeTest.KNOWLEDGE, 0, 0.5, new Recording()))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ContextRetrieval(new Knowledge(List.of()), 4, 0.5, new Recording()))
                .hasMessageContaining("no entries");
    }
}
