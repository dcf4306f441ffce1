package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation part is the latest share by time, or a seeded random share when there is no time. */
class ValidationSplitTest {

    @Test
    void theLatestShareByStartTimeIsHeldOut() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(seq("s" + i, 1000L * ((i * 37) % 100), i % 10 == 0 ? Labels.ANOMALOUS : Labels.NORMAL));
        }
        ValidationSplit v = ValidationSplit.of(all, 0.2, 1);
        assertThat(v.byTime()).isTrue();
        assertThat(v.held()).hasSize(20);
        assertThat(v.fit()).hasSize(80);
        long latestFit = v.fit().stream().mapToLong(s -> s.start).max().orElseThrow();
        assertThat(v.held()).allMatch(s -> s.start > latestFit);
        assertThat(v.describe()).contains("latest 20%");
        assertThat(v.facts()).containsEntry("split", "latest").containsEntry("held_out_sequences", 20);
    }

    @Test
    void sequencesWithoutTimeAreHeldOutAtRandomAndSeeded() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(seq("t" + i, 0, i < 10 ? Labels.ANOMALOUS : Labels.NORMAL));
        }
        ValidationSplit a = ValidationSplit.of(all, 0.3, 5);
        assertThat(a.byTime()).isFalse();
        assertThat(a.held()).hasSize(15);
        assertThat(a.describe()).contains("random").contains("no time");
        assertThat(ValidationSplit.of(all, 0.3, 5).held()).extracting(s -> s.key)
                .containsExactlyElementsOf(a.held().stream().map(s -> s.key).toList());
        assertThat(ValidationSplit.of(all, 0.3, 6).held()).extracting(s -> s.key)
                .isNotEqualTo(a.held().stream().map(s -> s.key).toList());
    }

    @Test
    void adfaTracesCarryNoTimeSoTheirValidationPartIsRandom() throws Exception {
        java.nio.file.Path traces = dev.logsieve.testing.SharedData.require("adfa_ld/adfa_ld_traces.tsv.gz");
        List<LogSequence> all = AdfaTraces.read(traces).stream().map(t -> t.sequence).toList();
        ValidationSplit v = ValidationSplit.of(all, 0.2, 42);
        // the file lists normal traces first and attacks by family: its last lines are no validation part
        assertThat(v.byTime()).isFalse();
        long attacks = all.stream().filter(s -> s.label == Labels.ANOMALOUS).count();
        assertThat((double) v.anomalous() / v.held().size()).isCloseTo((double) attacks / all.size(), org.assertj.core.api.Assertions.within(0.03));
    }

    @Test
    void groupsOfAnomaliesStayWholeOnOneSide() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(seq("n" + i, 0, Labels.NORMAL));
        }
        for (String family : List.of("a", "b", "c", "d", "e")) {
            for (int i = 0; i < 12; i++) {
                all.add(seq(family + i, 0, Labels.ANOMALOUS));
            }
        }
        ValidationSplit.Groups families = new ValidationSplit.Groups("families", s -> s.key.substring(0, 1));
        for (long seed = 1; seed <= 5; seed++) {
            ValidationSplit v = ValidationSplit.of(all, 0.2, seed, families);
            assertThat(v.usable()).isTrue();
            java.util.Set<String> heldFamilies = new java.util.HashSet<>();
            v.held().stream().filter(s -> s.label == Labels.ANOMALOUS).forEach(s -> heldFamilies.add(s.key.substring(0, 1)));
            // 20 % of 60 anomalies is 12: exactly one family of 12, whole, and none of it fitted on
            assertThat(heldFamilies).hasSize(1);
            assertThat(v.anomalous()).isEqualTo(12);
            assertThat(v.fit()).noneMatch(s -> heldFamilies.contains(s.key.substring(0, 1)) && s.label == Labels.ANOMALOUS);
            // the normal sequences are a plain random share: 20 % of 260 in all, less the 12 anomalies
            assertThat(v.held().size() - v.anomalous()).isEqualTo(40);
            assertThat(v.describe()).contains("whole families together");
            assertThat(v.facts()).containsEntry("whole_groups", "families");
        }
        java.util.Set<String> heldFirst = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            ValidationSplit.of(all, 0.2, seed, families).held().stream().filter(s -> s.label == Labels.ANOMALOUS)
                    .forEach(s -> heldFirst.add(s.key.substring(0, 1)));
        }
        assertThat(heldFirst).as("which family is held out depends on the seed").hasSizeGreaterThan(1);

        // one family only: it is not held out whole, or nothing anomalous would be left to fit on
        List<LogSequence> oneFamily = all.stream().filter(s -> s.label == Labels.NORMAL || s.key.startsWith("a")).toList();
        ValidationSplit v = ValidationSplit.of(oneFamily, 0.2, 1, families);
        assertThat(v.fit()).anyMatch(s -> s.label == Labels.ANOMALOUS);
        assertThat(v.usable()).isFalse();
    }

    @Test
    void crossFittingHoldsEveryFamilyOutOnceWholeAndEverySequenceOnce() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(seq("n" + i, 0, Labels.NORMAL));
        }
        int[] sizes = {30, 12, 20, 8, 16, 10};
        for (int f = 0; f < sizes.length; f++) {
            for (int i = 0; i < sizes[f]; i++) {
                all.add(seq((char) ('a' + f) + "" + i, 0, Labels.ANOMALOUS));
            }
        }
        ValidationSplit.Groups families = new ValidationSplit.Groups("families", s -> s.key.substring(0, 1));
        List<ValidationSplit> folds = ValidationSplit.folds(all, 0.2, 7, families);
        // 1 / 0.2 = 5 folds for six families: the largest alone, the two smallest together
        assertThat(folds).hasSize(5).allMatch(ValidationSplit::usable);
        java.util.Map<String, Integer> heldAt = new java.util.HashMap<>();
        for (int k = 0; k < folds.size(); k++) {
            ValidationSplit v = folds.get(k);
            assertThat(v.fit().size() + v.held().size()).isEqualTo(all.size());
            for (LogSequence s : v.held()) {
                assertThat(heldAt.put(s.key, k)).as(s.key + " held out twice").isNull();
            }
            java.util.Set<String> heldFamilies = new java.util.HashSet<>();
            v.held().stream().filter(s -> s.label == Labels.ANOMALOUS).forEach(s -> heldFamilies.add(s.key.substring(0, 1)));
            assertThat(v.fit()).noneMatch(s -> s.label == Labels.ANOMALOUS && heldFamilies.contains(s.key.substring(0, 1)));
            assertThat(v.held().size() - v.anomalous()).isEqualTo(40); // the normal sequences dealt evenly
        }
        assertThat(heldAt).hasSize(all.size());
        assertThat(folds.stream().mapToLong(ValidationSplit::anomalous).sorted().toArray()).containsExactly(12, 16, 18, 20, 30);
        assertThat(ValidationSplit.folds(all, 0.2, 7, families)).extracting(v -> v.held().stream().map(s -> s.key).toList())
                .containsExactlyElementsOf(folds.stream().map(v -> v.held().stream().map(s -> s.key).toList()).toList());

        // two families: two folds; one family, sequences with time, or no groups: none (one split instead)
        List<LogSequence> two = all.stream().filter(s -> s.label == Labels.NORMAL || s.key.matches("[ab].*")).toList();
        assertThat(ValidationSplit.folds(two, 0.2, 7, families)).hasSize(2);
        List<LogSequence> one = all.stream().filter(s -> s.label == Labels.NORMAL || s.key.startsWith("a")).toList();
        assertThat(ValidationSplit.folds(one, 0.2, 7, families)).isEmpty();
        List<LogSequence> timed = new ArrayList<>(all);
        timed.set(0, seq("n0", 5, Labels.NORMAL));
        assertThat(ValidationSplit.folds(timed, 0.2, 7, families)).isEmpty();
        assertThat(ValidationSplit.folds(all, 0.2, 7, null)).isEmpty();
    }

    @Test
    void aHeldOutPartOfOneClassIsNotUsable() {
        List<LogSequence> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(seq("u" + i, i, i < 8 ? Labels.ANOMALOUS : Labels.NORMAL)); // the latest two are normal
        }
        ValidationSplit v = ValidationSplit.of(all, 0.2, 1);
        assertThat(v.usable()).isFalse();
        assertThatThrownBy(() -> ValidationSplit.of(all, 1.0, 1)).hasMessageContaining("between 0 and 1");
    }

    private static LogSequence seq(String key, long start, int label) {
        return new LogSequence(key, start, start + 10, new long[] {1, 2}, new String[] {"a", "b"}, label);
    }
}
