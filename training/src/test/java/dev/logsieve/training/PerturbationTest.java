package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.cli.Commands;
import dev.logsieve.eval.Confusion;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.job.SequenceCollector;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import dev.logsieve.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --perturb}: each perturbation changes the share it claims, of sequences or of
 * templates, keeps labels and keys, keeps messages and template ids aligned, and is seeded; on the
 * real HDFS sample as on small synthetic sequences.
 */
class PerturbationTest {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "papa", "quebec", "romeo", "sierra", "tango", "victor", "whiskey", "zulu"};

    @TempDir
    Path dir;

    /** 200 sequences of 1 to 15 events of 20 templates (masked texts, ids as the job computes them); every tenth anomalous. */
    private static List<LogSequence> synthetic() {
        Random r = new Random(7);
        List<LogSequence> out = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            int n = 1 + r.nextInt(15);
            long[] ids = new long[n];
            String[] messages = new String[n];
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                int t = r.nextInt(WORDS.length);
                messages[i] = LogMasker.mask("worker " + WORDS[t] + " finished task 42 in state " + WORDS[(7 * t) % WORDS.length]);
                ids[i] = TemplateIds.of(messages[i]);
                times[i] = 1_000L * k + 10L * i;
            }
            LogSequence s = new LogSequence("s" + k, times[0], times[n - 1], ids, messages, k % 10 == 0 ? Labels.ANOMALOUS : Labels.NORMAL);
            s.times = times;
            out.add(s);
        }
        return out;
    }

    private static List<long[]> ids(List<LogSequence> seqs) {
        return seqs.stream().map(s -> s.templateIds.clone()).toList();
    }

    private static Set<String> touched(List<LogSequence> before, List<LogSequence> after) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < before.size(); i++) {
            if (!Arrays.equals(before.get(i).templateIds, after.get(i).templateIds)) {
                keys.add(after.get(i).key);
            }
        }
        return keys;
    }

    /** Keys, labels and order kept; messages still the texts of their ids; the input left as it was. */
    private static void assertSameSequencesAndLabels(List<LogSequence> before, List<long[]> idsBefore, List<LogSequence> after) {
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            LogSequence a = after.get(i);
            assertThat(a.key).isEqualTo(before.get(i).key);
            assertThat(a.label).as(a.key).isEqualTo(before.get(i).label);
            assertThat(before.get(i).templateIds).as("input unchanged").isEqualTo(idsBefore.get(i));
            if (a.messages != null) {
                assertThat(a.messages).hasSameSizeAs(a.templateIds);
                for (int j = 0; j < a.templateIds.length; j++) {
                    assertThat(TemplateIds.of(a.messages[j])).as(a.key + "[" + j + "]").isEqualTo(a.templateIds[j]);
                }
            }
        }
    }

    @Test
    void theSpecsParseAndBadOnesSayWhy() {
        Perturbation p = Perturbation.parse("sequence:0.2");
        assertThat(p.kind).isEqualTo(Perturbation.Kind.SEQUENCE);
        assertThat(p.rate).isEqualTo(0.2);
        assertThat(Perturbation.parse(" template:0.3 ").kind).isEqualTo(Perturbation.Kind.TEMPLATE);
        assertThatThrownBy(() -> Perturbation.parse("shuffle:0.2")).hasMessageContaining("shuffle").hasMessageContaining("sequence:R");
        assertThatThrownBy(() -> Perturbation.parse("sequence")).hasMessageContaining("lacks the share");
        assertThatThrownBy(() -> Perturbation.parse("template:lots")).hasMessageContaining("'lots' is not a share");
        assertThatThrownBy(() -> Perturbation.parse("template:1.5")).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> Perturbation.parse("template:0")).hasMessageContaining("(0, 1]");
    }

    @Test
    void sequenceEditsTouchTheClaimedShareAndKeepLabels() {
        List<LogSequence> test = synthetic();
        List<long[]> before = ids(test);
        Perturbation.Result r = Perturbation.applyAll(List.of(Perturbation.parse("sequence:0.2")), test, 42);
        assertSameSequencesAndLabels(test, before, r.sequences());
        assertThat(touched(test, r.sequences())).hasSize(40); // 20 % of 200, each one really changed
        Map<String, Object> facts = r.facts().get(0);
        assertThat(facts).containsEntry("sequences_touched", 40).containsEntry("sequences", 200)
                .containsEntry("sequence_share", 0.2);
        assertThat(((Map<?, ?>) facts.get("edits")).values().stream().mapToLong(v -> (Long) v).sum()).isBetween(40L, 120L);
        for (int i = 0; i < test.size(); i++) {
            LogSequence a = r.sequences().get(i);
            if (Arrays.equals(a.templateIds, test.get(i).templateIds)) {
                assertThat(a).as("untouched sequences are passed on as they are").isSameAs(test.get(i));
            } else {
                assertThat(a.length()).isGreaterThan(0).isBetween(test.get(i).length() - 3, test.get(i).length() + 3);
                assertThat(a.times).hasSameSizeAs(a.templateIds).isSorted();
                assertThat(a.start).isEqualTo(a.times[0]);
            }
        }
        assertThat(Perturbation.describe(facts)).contains("sequence:0.2", "40 of 200", "labels unchanged");
    }

    @Test
    void perturbationsAreSeededAndALargerShareTouchesMoreOfTheSame() {
        List<LogSequence> test = synthetic();
        for (String kind : new String[] {"sequence", "template"}) {
            List<LogSequence> a = Perturbation.applyAll(List.of(Perturbation.parse(kind + ":0.3")), test, 42).sequences();
            List<LogSequence> b = Perturbation.applyAll(List.of(Perturbation.parse(kind + ":0.3")), test, 42).sequences();
            List<LogSequence> other = Perturbation.applyAll(List.of(Perturbation.parse(kind + ":0.3")), test, 43).sequences();
            List<LogSequence> small = Perturbation.applyAll(List.of(Perturbation.parse(kind + ":0.1")), test, 42).sequences();
            assertThat(ids(a)).as(kind).usingRecursiveComparison().isEqualTo(ids(b));
            assertThat(touched(test, a)).as(kind).isNotEqualTo(touched(test, other));
            assertThat(touched(test, a)).as(kind).containsAll(touched(test, small));
            for (int i = 0; i < test.size(); i++) { // what the smaller share changed, the larger changes alike
                long[] was = test.get(i).templateIds;
                long[] less = small.get(i).templateIds;
                long[] more = a.get(i).templateIds;
                if (kind.equals("sequence") && !Arrays.equals(less, was)) {
                    assertThat(more).as(kind + " " + i).isEqualTo(less);
                }
                for (int j = 0; kind.equals("template") && j < was.length; j++) {
                    if (less[j] != was[j]) {
                        assertThat(more[j]).as(kind + " " + i + "[" + j + "]").isEqualTo(less[j]);
                    }
                }
            }
        }
    }

    @Test
    void templateRewordingChangesTheClaimedShareOfTemplatesEverywhereTheyOccur() {
        List<LogSequence> test = synthetic();
        List<long[]> before = ids(test);
        Perturbation.Result r = Perturbation.applyAll(List.of(Perturbation.parse("template:0.3")), test, 42);
        List<LogSequence> out = r.sequences();
        assertSameSequencesAndLabels(test, before, out);

        Set<Long> oldIds = new HashSet<>();
        Map<Long, String> oldText = new HashMap<>();
        test.forEach(s -> {
            for (int j = 0; j < s.templateIds.length; j++) {
                oldIds.add(s.templateIds[j]);
                oldText.put(s.templateIds[j], s.messages[j]);
            }
        });
        assertThat(oldIds).hasSize(20);
        Map<Long, Long> mapping = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            for (int j = 0; j < test.get(i).templateIds.length; j++) {
                long from = test.get(i).templateIds[j];
                long to = out.get(i).templateIds[j];
                if (from != to) {
                    assertThat(oldIds).as("a reworded template is a new one").doesNotContain(to);
                    assertThat(mapping.putIfAbsent(from, to)).as("one wording per template").isIn(null, to);
                }
            }
        }
        assertThat(mapping).hasSize(6); // 30 % of 20 templates
        for (int i = 0; i < test.size(); i++) {
            for (long id : out.get(i).templateIds) {
                assertThat(mapping).as("no occurrence of a reworded template is left").doesNotContainKey(id);
            }
            boolean holdsOne = Arrays.stream(test.get(i).templateIds).anyMatch(mapping::containsKey);
            assertThat(out.get(i) != test.get(i)).as(test.get(i).key).isEqualTo(holdsOne);
        }
        for (int i = 0; i < test.size(); i++) { // one word inserted, deleted or replaced
            for (int j = 0; j < out.get(i).messages.length; j++) {
                int words = out.get(i).messages[j].split(" ").length;
                assertThat(words - test.get(i).messages[j].split(" ").length).isBetween(-1, 1);
            }
        }
        Map<String, Object> facts = r.facts().get(0);
        assertThat(facts).containsEntry("templates", 20).containsEntry("templates_touched", 6)
                .containsEntry("template_share", 0.3)
                .containsEntry("sequences_touched", (long) touched(test, out).size());
        assertThat((List<?>) facts.get("examples")).hasSize(5);
        assertThat(Perturbation.describe(facts)).contains("template:0.3", "6 of 20 test templates");
    }

    @Test
    void rewordingPlantsNoWordOfAMessageOnlyFailuresShow() {
        List<LogSequence> test = new ArrayList<>(synthetic());
        String failure = LogMasker.mask("disk exploded catastrophically");
        for (int k = 0; k < 20; k++) {
            long[] ids = {test.get(k).templateIds[0], TemplateIds.of(failure)};
            String[] messages = {test.get(k).messages[0], failure};
            test.add(new LogSequence("f" + k, 0, 0, ids, messages, Labels.ANOMALOUS));
        }
        List<LogSequence> out = Perturbation.applyAll(List.of(Perturbation.parse("template:1")), test, 42).sequences();
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < out.get(i).messages.length; j++) {
                if (!test.get(i).messages[j].equals(failure)) {
                    assertThat(out.get(i).messages[j]).doesNotContain("disk", "exploded", "catastrophically");
                }
            }
        }
    }

    @Test
    void templateRewordingNeedsTheMessages() {
        List<LogSequence> test = synthetic();
        test.get(3).messages = null;
        List<LogSequence> idsOnly = test.stream().map(s -> {
            LogSequence c = s.copy();
            c.messages = null;
            return c;
        }).toList();
        assertThat(Perturbation.applyAll(List.of(Perturbation.parse("template:0.3")), test, 42).facts().get(0))
                .as("a text known elsewhere is enough").containsEntry("templates_touched", 6);
        assertThatThrownBy(() -> Perturbation.applyAll(List.of(Perturbation.parse("template:0.3")), idsOnly, 42))
                .hasMessageContaining("no text for 20 of their 20 templates");
        assertThat(Perturbation.applyAll(List.of(Perturbation.parse("sequence:0.3")), idsOnly, 42).facts().get(0))
                .as("sequence edits do not need them").containsEntry("sequences_touched", 60);
    }

    @Test
    void theSweepJudgesEachKindAtEachShare() throws Exception {
        List<LogSequence> test = synthetic();
        AtomicInteger calls = new AtomicInteger();
        Map<String, LogSequence> original = new HashMap<>();
        test.forEach(s -> original.put(s.key, s));
        // a judge that flags exactly the perturbed sequences: recall of the anomalous ones grows with the share
        PerturbationSweep.Judge judge = seqs -> {
            calls.incrementAndGet();
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (LogSequence s : seqs) {
                boolean flagged = s != original.get(s.key);
                boolean anomalous = s.label == Labels.ANOMALOUS;
                tp += flagged && anomalous ? 1 : 0;
                fp += flagged && !anomalous ? 1 : 0;
                fn += !flagged && anomalous ? 1 : 0;
                tn += !flagged && !anomalous ? 1 : 0;
            }
            return new Confusion(tp, fp, fn, tn);
        };
        PerturbationSweep.Result r = PerturbationSweep.run(List.of(Perturbation.Kind.SEQUENCE, Perturbation.Kind.TEMPLATE),
                test, 42, null, judge);
        assertThat(calls.get()).isEqualTo(1 + 2 * PerturbationSweep.RATES.length);
        assertThat(r.facts()).containsKeys("rates", "unperturbed", "sequence", "template");
        List<?> row = (List<?>) r.facts().get("sequence");
        assertThat(row).hasSize(4);
        assertThat(((Map<?, ?>) ((Map<?, ?>) row.get(2)).get("perturbation")).get("sequences_touched")).isEqualTo(40);
        assertThat(r.table().lines().toList()).hasSize(3);
        assertThat(r.table()).contains("sequence", "template", "30 %");
    }

    @Test
    void onTheHdfsSampleThePerturbationsTouchWhatTheyClaim() throws Exception {
        Path logs = SharedData.require("hdfs/HDFS_sample.log.gz");
        Path labels = SharedData.require("hdfs/anomaly_label.csv");
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        List<LogSequence> all = SequenceCollector.collect(List.of(logs), conf, 2, null).sequences;
        List<LogSequence> test = Split.parse("random:0.8").apply(all, 42).get(1);
        assertThat(test).hasSize(1_840);
        List<long[]> before = ids(test);
        Perturbation.Result r = Perturbation.applyAll(
                List.of(Perturbation.parse("sequence:0.2"), Perturbation.parse("template:0.3")), test, 42);
        assertSameSequencesAndLabels(test, before, r.sequences());
        Map<String, Object> seq = r.facts().get(0);
        Map<String, Object> tpl = r.facts().get(1);
        assertThat(seq).containsEntry("sequences_touched", 368); // 20 % of 1,840
        int templates = (Integer) tpl.get("templates");
        assertThat(templates).isGreaterThan(10);
        assertThat(tpl).containsEntry("templates_touched", (int) Math.round(0.3 * templates));
        Set<Long> after = new HashSet<>();
        r.sequences().forEach(s -> Arrays.stream(s.templateIds).forEach(after::add));
        Set<Long> perturbedBySequenceEdits = new HashSet<>();
        Perturbation.applyAll(List.of(Perturbation.parse("sequence:0.2")), test, 42).sequences()
                .forEach(s -> Arrays.stream(s.templateIds).forEach(perturbedBySequenceEdits::add));
        Set<Long> gone = new HashSet<>(perturbedBySequenceEdits);
        gone.removeAll(after);
        assertThat(gone).as("every occurrence of the reworded templates changed").hasSize((Integer) tpl.get("templates_touched"));
        assertThat(touched(test, r.sequences()).size()).isGreaterThanOrEqualTo(368);
    }

    @Test
    void badOptionsAreNamed() throws Exception {
        Path log = Files.writeString(dir.resolve("x.log"), "081109 203531 1 INFO a: blk_1 x\n");
        String[] base = {"evaluate", "--format", "hdfs", "--logs", log.toString(), "--report", dir.resolve("r.json").toString()};
        assertThat(run(base, "--perturb", "shuffle:0.2")).contains("--perturb", "shuffle");
        assertThat(run(base, "--perturb", "sequence:2")).contains("--perturb", "(0, 1]");
        assertThat(run(base, "--train-size", "0")).contains("--train-size", "positive");
        assertThat(run(base, "--train-size", "50", "--limited-data", "0.2")).contains("--train-size", "--limited-data");
        assertThat(run(base, "--replay", "--perturb", "sequence:0.2")).contains("--replay");
        Path traces = Files.writeString(dir.resolve("t.tsv"), "");
        assertThat(run(new String[] {"evaluate-adfa", "--traces", traces.toString(), "--report", dir.resolve("a.json").toString()},
                "--train-size", "-5")).contains("--train-size", "positive");
    }

    private static String run(String[] base, String... more) {
        StringWriter err = new StringWriter();
        String[] args = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        int code = Commands.execute(new TrainingMain(), new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        assertThat(code).as(String.join(" ", args)).isEqualTo(2);
        return err.toString();
    }
}
