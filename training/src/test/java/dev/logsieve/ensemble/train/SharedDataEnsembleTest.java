package dev.logsieve.ensemble.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.ensemble.Ensemble;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The members and the ensemble on real data (skipped when ../shared/datasets is absent). */
class SharedDataEnsembleTest {

    /** HDFS: all 5,566 normal blocks + 2,000 anomalous blocks, random 80/20 split, seed 42. */
    @Test
    void hdfsRandomSplit() throws Exception {
        LabeledData data = LabeledData.hdfs(2000, 7L);
        LabeledData[] split = data.randomSplit(0.8, 42L);
        Ensemble e = new EnsembleTrainer().train(split[0].ids, split[0].labels, EnsembleTrainer.MEMBERS);
        LabeledData.Scores[] s = LabeledData.evaluate(e, split[1]);
        System.out.print(LabeledData.report(String.format(Locale.ROOT, "HDFS random 80/20: train %d (%d anomalous), test %d (%d anomalous)",
                split[0].size(), split[0].anomalous(), split[1].size(), split[1].anomalous()), e, s));
        for (LabeledData.Scores score : s) {
            assertThat(score.f1()).isGreaterThanOrEqualTo(0.98);
        }
    }

    /** Judgements per second on one thread over every HDFS block (22,334 sequences). */
    @Test
    void hdfsJudgeThroughput() throws Exception {
        LabeledData data = LabeledData.hdfs(2000, 7L);
        Ensemble e = new EnsembleTrainer().train(data.ids, data.labels, EnsembleTrainer.MEMBERS);
        LabeledData all = LabeledData.hdfsAll();
        long sink = 0;
        for (int warm = 0; warm < 3; warm++) {
            for (long[] seq : all.ids) {
                sink += e.judge(seq).label();
            }
        }
        int rounds = 5;
        long t0 = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (long[] seq : all.ids) {
                sink += e.judge(seq).label();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double perSecond = rounds * all.size() / seconds;
        System.out.printf(Locale.ROOT, "HDFS judge throughput: %.0f judgements/s on one thread (%d sequences x %d, %.2f s, sink %d)%n",
                perSecond, all.size(), rounds, seconds, sink);
        assertThat(perSecond).isGreaterThan(10_000); // target 50,000/s; a loose floor for a busy build machine
    }

    /** BGL 100-message windows, chronological 80/20 split. */
    @Test
    void bglChronologicalSplit() throws Exception {
        LabeledData data = LabeledData.bgl();
        LabeledData[] split = data.chronologicalSplit(0.8);
        Ensemble e = new EnsembleTrainer().train(split[0].ids, split[0].labels, EnsembleTrainer.MEMBERS);
        LabeledData.Scores[] s = LabeledData.evaluate(e, split[1]);
        System.out.print(LabeledData.report(String.format(Locale.ROOT, "BGL chronological 80/20: train %d (%d anomalous), test %d (%d anomalous)",
                split[0].size(), split[0].anomalous(), split[1].size(), split[1].anomalous()), e, s));
        // Measured 0.57 with the defaults (see the report); the project target of 0.85 is not reached yet.
        assertThat(s[s.length - 1].f1()).isGreaterThanOrEqualTo(0.5);
    }
}
