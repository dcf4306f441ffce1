package dev.logsieve.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.ensemble.Member;
import org.junit.jupiter.api.Test;

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
}
