package dev.logsieve.llm;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.ensemble.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM member's score puts its own threshold where every member's boundary is. */
class LlmMemberTest {

    @Test
    void theThresholdMapsOntoTheBoundaryAndTheVoteFollowsTheScore() {
        for (double t : new double[] {0.05, 0.3, 0.5, 0.77, 0.95}) {
            LlmMember m = new LlmMember(t, 128, 64, "test");
            assertThat(m.scale(0)).isZero();
            assertThat(m.scale(1)).isEqualTo(1.0);
            assertThat(m.scale(t)).isGreaterThan(Member.BOUNDARY);
            assertThat(m.scale(Math.nextDown(t))).isLessThan(Member.BOUNDARY);
            double previous = -1;
            for (int i = 0; i <= 100; i++) {
                float p = i / 100f;
                double s = m.score(null, null, p, null);
                assertThat(s).isGreaterThanOrEqualTo(previous); // monotone
                previous = s;
                assertThat(Member.voteOf(s)).as("p %s, threshold %s", p, t).isEqualTo(m.label(p));
                assertThat(m.vote(null, null, p, null)).isEqualTo(m.label(p));
            }
        }
    }

    @Test
    void withoutAScoreOrABundleItCannotAnswer() {
        LlmMember m = new LlmMember(0.5, 128, 64, "test");
        assertThat(m.score(new long[] {1}, new String[] {"x"}, Float.NaN, new double[0])).isNaN();
        assertThat(m.vote(new long[] {1}, new String[] {"x"}, Float.NaN, new double[0])).isEqualTo(Member.UNAVAILABLE);
    }

    @Test
    void aNewThresholdKeepsTheRetrievedContext() {
        // validation picks the threshold after training: a member that lost its context settings
        // there scored every sequence without context, and a classifier trained with it refused them all
        LlmMember m = new LlmMember(0.5, 128, 64, "test").withContext(6, 0.4).withThreshold(0.7);
        assertThat(m.threshold()).isEqualTo(0.7);
        assertThat(m.contextK()).isEqualTo(6);
        assertThat(m.toString()).contains("context of up to 6 descriptions");
    }

    @Test
    void theKnowledgeFileIsTheBundlesOrTheOneGivenAndOnlyForAMemberTrainedWithContext(@TempDir Path bundle)
            throws Exception {
        LlmMember plain = new LlmMember(0.5, 128, 64, "test");
        assertThat(plain.retrieval(bundle, null)).isNull();
        Path other = Files.writeString(bundle.resolve("other.jsonl"), "{\"match\": \"close\", \"text\": \"close a file.\"}\n");
        assertThatThrownBy(() -> plain.retrieval(bundle, other)).hasMessageContaining(other.toString())
                .hasMessageContaining("trained without retrieved context");

        LlmMember withContext = plain.withContext(3, 0.6);
        assertThatThrownBy(() -> withContext.retrieval(bundle, null)).hasMessageContaining(LlmFiles.KNOWLEDGE)
                .hasMessageContaining("trained with retrieved context");
        Files.createDirectories(bundle.resolve("llm"));
        Files.writeString(bundle.resolve(LlmFiles.KNOWLEDGE), "{\"match\": \"open\", \"text\": \"open a file.\"}\n"
                + "{\"match\": \"read\", \"text\": \"read from a file.\"}\n");
        LlmScorer.Retrieval own = withContext.retrieval(bundle, null);
        assertThat(own.knowledge().entries()).hasSize(2);
        assertThat(own.k()).isEqualTo(3);
        assertThat(own.minSimilarity()).isEqualTo(0.6);
        assertThat(withContext.retrieval(bundle, other).knowledge().entries()).extracting(Knowledge.Entry::match)
                .containsExactly("close");
    }
}
