package dev.logsieve.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.ensemble.DecisionTreeMember;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.ensemble.KnnMember;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.MemberReason;
import dev.logsieve.event.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each member's reason for an anomalous sequence, on blocks whose faults add one line that normal
 * blocks never have: the tree's path names that line's template, KNN names the training blocks it
 * matched, the MLP's most influential template is that line's.
 */
class MemberReasonsTest {
    static final long FAULT = 9;
    static final String[] TEXTS = {null, "Receiving block blk_<*> src: <*> dest: <*>", "Received block blk_<*> of size <*>",
        "PacketResponder <*> for block blk_<*> terminating", "BLOCK* NameSystem.addStoredBlock: blockMap updated: <*>"};
    static final String FAULT_TEXT = "Exception in receiveBlock for block blk_<*> java.io.IOException: Connection reset";

    static Ensemble ensemble;
    static MemberReasons reasons;

    static LogSequence block(String key, Random r, boolean fault) {
        List<Long> ids = new ArrayList<>();
        for (long t = 1; t <= 4; t++) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                ids.add(t);
            }
        }
        if (fault) {
            ids.add(1 + r.nextInt(ids.size() - 1), FAULT);
        }
        long[] a = ids.stream().mapToLong(Long::longValue).toArray();
        String[] messages = Arrays.stream(a).mapToObj(id -> id == FAULT ? FAULT_TEXT : TEXTS[(int) id]).toArray(String[]::new);
        return new LogSequence(key, 0, 1, a, messages, fault ? Labels.ANOMALOUS : Labels.NORMAL);
    }

    @BeforeAll
    static void train() {
        Random r = new Random(3);
        List<LogSequence> training = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            training.add(block("blk_" + i, r, i % 10 == 0));
        }
        ensemble = new EnsembleTrainer().train(training, EnsembleTrainer.MEMBERS);
        reasons = new MemberReasons(ensemble);
    }

    static Verdict judged(LogSequence seq) {
        Judgement j = ensemble.judge(seq.templateIds, seq.messages);
        Verdict v = new Verdict();
        v.members = ensemble.memberNames();
        v.votes = j.votes();
        v.scores = j.scores();
        v.label = j.label();
        return v;
    }

    @Test
    void theTreesPathNamesTheFaultsTemplateAndTheLeafItVotedFrom() {
        LogSequence seq = block("new", new Random(11), true);
        Verdict v = judged(seq);
        assertThat(v.label).isEqualTo(Labels.ANOMALOUS);
        MemberReason dt = reasons.of(seq, v)[0];

        assertThat(dt.member).isEqualTo("dt");
        assertThat(dt.path).anySatisfy(s -> {
            assertThat(s.feature).isEqualTo(MemberReason.Step.TEMPLATE);
            assertThat(s.templateId).isEqualTo(FAULT);
            assertThat(s.text).isEqualTo(FAULT_TEXT);
            assertThat(s.count).isEqualTo(1);
            assertThat(s.atMostBranch).isFalse();
            assertThat(s.atMost).isZero();
        });
        // the leaf the path ends in is the one Smile's prediction used: its posteriori is Laplace-smoothed leaf counts
        assertThat(dt.leafAnomalous).isEqualTo(dt.leafSequences).isPositive();
        double posteriori = (dt.leafAnomalous + 1.0) / (dt.leafSequences + 2.0);
        assertThat(v.scores[0]).isCloseTo(posteriori, within(1e-9));
        assertThat(dt.summary).startsWith("dt anomalous (").contains("'Exception in receiveBlock").contains("x1 (> 0)");
    }

    @Test
    void knnNamesTheNearestTrainingBlocksWithTheirLabels() {
        Random r = new Random(3);
        LogSequence first = block("again", r, true); // the first training block, judged again
        Verdict v = judged(first);
        MemberReason knn = reasons.of(first, v)[1];

        assertThat(knn.member).isEqualTo("knn");
        assertThat(knn.neighbours).hasSize(MemberReasons.NEIGHBOURS);
        assertThat(knn.neighbours[0].key).isEqualTo("blk_0");
        assertThat(knn.neighbours[0].label).isEqualTo(Labels.ANOMALOUS);
        assertThat(knn.neighbours[0].distance).isZero();
        assertThat(knn.neighbours[0].sequences).isGreaterThanOrEqualTo(1);
        assertThat(knn.neighbours).isSortedAccordingTo((a, b) -> Double.compare(a.distance, b.distance));
        assertThat(knn.summary).startsWith("knn anomalous").contains("blk_0 (anomalous, distance 0.00");
    }

    @Test
    void theMlpsMostInfluentialLineIsTheFaultsAndItsDropIsMeasured() {
        LogSequence seq = block("new", new Random(12), true);
        Verdict v = judged(seq);
        MemberReason mlp = reasons.of(seq, v)[2];

        assertThat(mlp.member).isEqualTo("mlp");
        MemberReason.Influence top = mlp.influences[0];
        assertThat(top.templateId).isEqualTo(FAULT);
        assertThat(top.text).isEqualTo(FAULT_TEXT);
        assertThat(top.position).isEqualTo(Arrays.stream(seq.templateIds).boxed().toList().indexOf(FAULT) + 1);
        long[] without = Arrays.stream(seq.templateIds).filter(id -> id != FAULT).toArray();
        Member member = ensemble.members().get(2);
        double alone = member.score(without, null, Float.NaN, ensemble.featureExtractor().features(without));
        assertThat(top.drop).isCloseTo(v.scores[2] - alone, within(1e-9)).isGreaterThan(0.5);
        assertThat(mlp.influences).hasSizeLessThanOrEqualTo(LeaveOut.SHOWN);
        assertThat(mlp.summary).contains("without 'Exception in receiveBlock");
    }

    @Test
    void aKnnMemberFromAnOlderBundleSaysItCannotNameNeighbours() {
        KnnMember old = KnnMember.of(null, null, Member.NORMAL, 0);
        Ensemble e = new Ensemble(ensemble.featureExtractor(), List.of(old));
        LogSequence seq = block("x", new Random(1), true);
        Verdict v = new Verdict();
        v.votes = new int[] {Member.NORMAL};
        v.scores = new double[] {0.0};
        MemberReason r = new MemberReasons(e).of(seq, v)[0];
        assertThat(r.neighbours).isEmpty();
        assertThat(r.summary).isEqualTo("knn normal (0.00): its bundle does not name training sequences (retrain to see them)");
        assertThat(DecisionTreeMember.constant(Member.NORMAL).path(new double[6]).tests()).isEmpty();
    }
}
