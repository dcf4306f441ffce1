package dev.logsieve.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.bundle.TemplateStats;
import dev.logsieve.event.EvidenceLine;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lines an anomalous sequence's evidence names, and why. */
class EvidenceTest {
    // Templates: 1 start, 2 write (three times in a normal sequence), 3 end, 4 error (anomalous
    // sequences only), 5 retry (mostly anomalous), 6 audit (in 2 of 100 normal sequences).
    private static final long START = 1;
    private static final long WRITE = 2;
    private static final long END = 3;
    private static final long ERROR = 4;
    private static final long RETRY = 5;
    private static final long AUDIT = 6;

    @TempDir
    Path dir;

    private static TemplateStats training() {
        List<LogSequence> seqs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long[] ids = i < 2 ? new long[] {START, WRITE, WRITE, WRITE, AUDIT, END}
                    : i < 4 ? new long[] {START, WRITE, WRITE, WRITE, RETRY, END}
                    : new long[] {START, WRITE, WRITE, WRITE, END};
            seqs.add(sequence(ids, Labels.NORMAL));
        }
        for (int i = 0; i < 10; i++) {
            seqs.add(sequence(new long[] {START, WRITE, ERROR, RETRY, END}, Labels.ANOMALOUS));
        }
        return TemplateStats.of(seqs);
    }

    private static LogSequence sequence(long[] ids, int label) {
        String[] messages = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            messages[i] = "template " + ids[i];
        }
        return new LogSequence("k", 0, 0, ids, messages, label);
    }

    @Test
    void unusualTemplatesComeFirstOneLineEachWithTheirText() throws Exception {
        TemplateStats stats = training();
        stats.write(dir);
        Evidence evidence = new Evidence(TemplateStats.read(dir));
        LogSequence seq = new LogSequence("blk_1", 0, 0, new long[] {START, RETRY, ERROR, 99, ERROR, AUDIT, END},
                new String[] {null, null, null, "a line never seen", null, null, null}, Labels.UNKNOWN);

        EvidenceLine[] lines = evidence.of(seq);

        assertThat(lines).extracting(l -> l.why).containsExactly("unseen", "only-anomalous", "mostly-anomalous", "rare");
        assertThat(lines).extracting(l -> l.position).containsExactly(4, 3, 2, 6);
        assertThat(lines[0].text).isEqualTo("a line never seen");
        assertThat(lines[1].text).as("training's text of the template").isEqualTo("template 4");
        assertThat(lines[1].occurrences).isEqualTo(2);
        assertThat(lines[1].trainingAnomalous).isEqualTo(10);
        assertThat(lines[2].trainingSequences).isEqualTo(12);
    }

    @Test
    void withoutAnUnusualTemplateTheCountsThatDifferAreNamed() {
        Evidence evidence = new Evidence(training());
        EvidenceLine[] lines = evidence.of(new LogSequence("blk_2", 0, 0, new long[] {START, WRITE, END}, null, Labels.UNKNOWN));
        assertThat(lines).hasSize(1);
        assertThat(lines[0].why).isEqualTo("count");
        assertThat(lines[0].position).isEqualTo(2);
        assertThat(lines[0].occurrences).isEqualTo(1);
        assertThat(lines[0].usualCount).isEqualTo(3);
    }

    @Test
    void withNothingUnusualTheMostOftenAnomalousTemplateIsNamedAsSuch() {
        Evidence evidence = new Evidence(training());
        // The usual templates, each as often as usual, in another order.
        EvidenceLine[] lines = evidence.of(new LogSequence("blk_3", 0, 0, new long[] {END, WRITE, WRITE, WRITE, START}, null,
                Labels.UNKNOWN));
        assertThat(lines).hasSize(1);
        assertThat(lines[0].why).isEqualTo("most-anomalous");
    }

    @Test
    void atMostTenLines() {
        Evidence evidence = new Evidence(training());
        long[] ids = new long[30];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i; // all unseen
        }
        assertThat(evidence.of(new LogSequence("blk_4", 0, 0, ids, null, Labels.UNKNOWN))).hasSize(Evidence.MAX_LINES);
    }
}
