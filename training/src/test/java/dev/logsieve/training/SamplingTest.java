package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingTest {

    private static LogSequence seq(String key, int label, long... ids) {
        return new LogSequence(key, 0, 0, ids, new String[ids.length], label);
    }

    private static List<LogSequence> data() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            all.add(seq("n" + i, Labels.NORMAL, i % 30, 1)); // 30 unique normal sequences, each 3 times
        }
        for (int i = 0; i < 10; i++) {
            all.add(seq("a" + i, Labels.ANOMALOUS, 100 + i % 5)); // 5 unique anomalous ones
        }
        all.add(seq("u", Labels.UNKNOWN, 7));
        return all;
    }

    @Test
    void limitedDataKeepsEveryUniqueAnomalyAndAShareOfUniqueNormals() {
        List<LogSequence> s = Sampling.limitedData(data(), 0.2, 1);
        long anomalous = s.stream().filter(x -> x.label == Labels.ANOMALOUS).count();
        long normal = s.stream().filter(x -> x.label == Labels.NORMAL).count();
        assertThat(anomalous).isEqualTo(5);
        assertThat(normal).isEqualTo(6); // 20 % of 30 unique normal sequences
        assertThat(s.stream().map(x -> SequenceIds.of(x.templateIds)).distinct().count()).isEqualTo(s.size());
        assertThat(s).noneMatch(x -> x.label == Labels.UNKNOWN);
    }

    @Test
    void aTrainingSizeKeepsEveryUniqueAnomalyWhileTheyFillAtMostHalf() {
        List<LogSequence> s = Sampling.limitedSize(data(), 20, 1);
        assertThat(s).hasSize(20);
        assertThat(s.stream().filter(x -> x.label == Labels.ANOMALOUS).count()).isEqualTo(5); // all 5 unique
        assertThat(s.stream().map(x -> SequenceIds.of(x.templateIds)).distinct().count()).isEqualTo(20);
        assertThat(s).noneMatch(x -> x.label == Labels.UNKNOWN);
        assertThat(Sampling.limitedSize(data(), 20, 1).stream().map(x -> x.key)).as("seeded")
                .containsExactlyElementsOf(s.stream().map(x -> x.key).toList());
    }

    @Test
    void aSmallTrainingSizeIsHalfAnomalousHalfNormal() {
        List<LogSequence> s = Sampling.limitedSize(data(), 7, 1);
        assertThat(s).hasSize(7);
        assertThat(s.stream().filter(x -> x.label == Labels.ANOMALOUS).count()).isEqualTo(3); // 7 / 2 of 5 unique
        assertThat(s.stream().map(x -> SequenceIds.of(x.templateIds)).distinct().count()).isEqualTo(7);
    }

    @Test
    void aTrainingSizeBeyondTheUniqueSequencesTakesThemAll() {
        assertThat(Sampling.limitedSize(data(), 1000, 1)).hasSize(35); // 30 unique normal + 5 unique anomalous
        List<LogSequence> fewNormals = new ArrayList<>(data().subList(90, 100));
        fewNormals.add(seq("n", Labels.NORMAL, 1));
        List<LogSequence> s = Sampling.limitedSize(fewNormals, 4, 1);
        assertThat(s).hasSize(4); // one normal: the anomalous ones take the other three places
        assertThat(s.stream().filter(x -> x.label == Labels.ANOMALOUS).count()).isEqualTo(3);
    }

    @Test
    void oversamplingLiftsTheMinorityToBeta() {
        List<LogSequence> s = Sampling.oversample(data(), 0.3, 1);
        long anomalous = s.stream().filter(x -> x.label == Labels.ANOMALOUS).count();
        assertThat((double) anomalous / s.size()).isBetween(0.3, 0.31);
        assertThat(s.stream().filter(x -> x.label == Labels.NORMAL).count()).isEqualTo(90);
    }

    @Test
    void oversamplingLeavesABalancedEnoughSetAlone() {
        List<LogSequence> s = Sampling.oversample(data(), 0.05, 1);
        assertThat(s).hasSize(100);
    }

    @Test
    void splitsAreSeededAndChronologicalKeepsOrder() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(new LogSequence("k" + i, 10 - i, 10 - i, new long[] {i}, new String[1], Labels.NORMAL));
        }
        List<List<LogSequence>> chrono = Split.parse("chronological:0.8").apply(all, 1);
        assertThat(chrono.get(0)).hasSize(8);
        assertThat(chrono.get(1)).extracting(s -> s.start).containsExactly(9L, 10L);
        List<List<LogSequence>> r1 = Split.parse("random:0.7").apply(all, 42);
        List<List<LogSequence>> r2 = Split.parse("random:0.7").apply(new ArrayList<>(all), 42);
        assertThat(r1.get(1)).extracting(s -> s.key).isEqualTo(r2.get(1).stream().map(s -> s.key).toList());
        assertThat(r1.get(0)).hasSize(7);
    }
}
