package dev.logsieve.evidence;

import dev.logsieve.ensemble.DecisionTreeMember;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.KnnMember;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MlpMember;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.MemberReason;
import dev.logsieve.event.Verdict;
import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.llm.LlmMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each member's reason for its score of an anomalous verdict's sequence, in the member's own terms:
 * <ul>
 *   <li>dt: the tests from the root to the leaf, as template texts and counts, and the leaf's
 *       training sequences;</li>
 *   <li>knn: the {@link #NEIGHBOURS} nearest training sequences, with their labels and distances;</li>
 *   <li>mlp: the templates whose lines, left out ({@link LeaveOut}), lower its score most;</li>
 *   <li>llm: the same, computed by the job's LLM stage ({@link LogSequence#llmReason}) when the
 *       member voted anomalous, since only that stage holds the models (the verdict cache keeps a
 *       verdict's whole evidence for the sequences it answers).</li>
 * </ul>
 * Thread-safe; the work is a tree walk, a nearest-neighbour search and a few dozen MLP forward
 * passes, done for anomalous verdicts only.
 */
public final class MemberReasons {
    /** KNN's reason names this many training sequences. */
    public static final int NEIGHBOURS = 3;
    /** Texts in one-line summaries are cut to this length. */
    private static final int SHORT_TEXT = 60;

    private final Ensemble ensemble;
    private final FeatureExtractor extractor;
    private final Vocabulary vocabulary;
    private final String[] words;

    public MemberReasons(Ensemble ensemble) {
        this.ensemble = ensemble;
        this.extractor = ensemble.featureExtractor();
        this.vocabulary = extractor.vocabulary();
        this.words = extractor.words() == null ? new String[0] : extractor.words().words();
    }

    /**
     * One reason per member of {@code v}, in voting order; {@code v} holds the members' votes and
     * scores, {@code seq} the LLM stage's reason ({@link LogSequence#llmReason}) when it computed one.
     */
    public MemberReason[] of(LogSequence seq, Verdict v) {
        double[] features = ensemble.features(seq.templateIds, seq.messages);
        List<Member> members = ensemble.members();
        MemberReason[] out = new MemberReason[members.size()];
        for (int i = 0; i < out.length; i++) {
            Member m = members.get(i);
            String head = head(m.name(), v.votes[i], v.scores == null ? Double.NaN : v.scores[i]);
            if (m instanceof DecisionTreeMember dt) {
                out[i] = tree(dt, seq, features, head);
            } else if (m instanceof KnnMember knn) {
                out[i] = neighbours(knn, features, head);
            } else if (m instanceof MlpMember mlp) {
                out[i] = influences(mlp, seq, features, head);
            } else if (m instanceof LlmMember) {
                out[i] = llm(seq.llmReason, head);
            } else {
                out[i] = new MemberReason(m.name(), head);
            }
        }
        return out;
    }

    /** {@code dt anomalous (0.98)}. */
    private static String head(String member, int vote, double score) {
        if (vote == Verdict.NO_VOTE) {
            return member + " could not answer";
        }
        String said = vote == Labels.ANOMALOUS ? "anomalous" : "normal";
        return Double.isNaN(score) ? member + " " + said : String.format(Locale.ROOT, "%s %s (%.2f)", member, said, score);
    }

    private MemberReason tree(DecisionTreeMember dt, LogSequence seq, double[] features, String head) {
        DecisionTreeMember.Path path = dt.path(features);
        MemberReason r = new MemberReason(DecisionTreeMember.NAME, null);
        r.path = new MemberReason.Step[path.tests().size()];
        for (int i = 0; i < r.path.length; i++) {
            r.path[i] = step(path.tests().get(i), seq.templateIds);
        }
        r.leafSequences = path.leafSequences();
        r.leafAnomalous = path.leafAnomalous();
        StringBuilder sb = new StringBuilder(head);
        if (path.tests().isEmpty()) {
            r.summary = sb.append(": training had a single class").toString();
            return r;
        }
        sb.append(String.format(Locale.ROOT, ": leaf of %d training sequences, %d anomalous", r.leafSequences,
                r.leafAnomalous));
        // What the sequence has (tests it passed on the "more than" side) tells most; then the rest, deepest first.
        List<MemberReason.Step> told = new ArrayList<>();
        for (MemberReason.Step s : r.path) {
            if (!s.atMostBranch) {
                told.add(s);
            }
        }
        for (int i = r.path.length - 1; i >= 0 && told.size() < LeaveOut.SHOWN; i--) {
            if (r.path[i].atMostBranch) {
                told.add(r.path[i]);
            }
        }
        String sep = "; ";
        for (MemberReason.Step s : told.subList(0, Math.min(LeaveOut.SHOWN, told.size()))) {
            sb.append(sep).append(describe(s));
            sep = ", ";
        }
        r.summary = sb.toString();
        return r;
    }

    /** A test as counts: the column's template (or word), the sequence's count, and the side it went. */
    private MemberReason.Step step(DecisionTreeMember.Test t, long[] ids) {
        int atMost = (int) Math.floor(unscale(t.split(), t.column()));
        int unseen = extractor.unseenColumn();
        if (t.column() < unseen) {
            long id = vocabulary.id(t.column());
            return new MemberReason.Step(MemberReason.Step.TEMPLATE, id, vocabulary.text(t.column()), count(ids, id),
                    t.atMost(), atMost);
        }
        if (t.column() == unseen) {
            return new MemberReason.Step(MemberReason.Step.UNSEEN, 0, null, extractor.unseen(ids), t.atMost(), atMost);
        }
        int count = (int) Math.round(unscale(t.value(), t.column()));
        return new MemberReason.Step(MemberReason.Step.WORD, 0, words[t.column() - unseen - 1], count, t.atMost(), atMost);
    }

    /** The count a scaled feature value stands for (see {@link FeatureExtractor.Scaling}). */
    private double unscale(double value, int column) {
        return switch (extractor.scaling()) {
            case COUNTS -> value;
            case LOG1P -> Math.expm1(value);
            case PRESENCE -> column == extractor.unseenColumn() ? Math.expm1(value) : value;
        };
    }

    private static int count(long[] ids, long id) {
        int n = 0;
        for (long x : ids) {
            n += x == id ? 1 : 0;
        }
        return n;
    }

    /** {@code 'Exception in receiveBlock <*>' x1 (> 0)}. */
    static String describe(MemberReason.Step s) {
        String what = switch (s.feature) {
            case MemberReason.Step.UNSEEN -> "lines of unseen templates";
            case MemberReason.Step.WORD -> "word '" + s.text + "'";
            default -> quote(s.text, s.templateId);
        };
        return String.format(Locale.ROOT, "%s x%d (%s %d)", what, s.count, s.atMostBranch ? "<=" : ">", s.atMost);
    }

    private MemberReason neighbours(KnnMember knn, double[] features, String head) {
        List<KnnMember.Nearby> near = knn.nearest(features, NEIGHBOURS);
        MemberReason r = new MemberReason(KnnMember.NAME, null);
        r.neighbours = new MemberReason.Neighbour[near.size()];
        StringBuilder sb = new StringBuilder(head);
        if (near.isEmpty()) {
            r.summary = sb.append(": its bundle does not name training sequences (retrain to see them)").toString();
            return r;
        }
        sb.append(": nearest training ");
        for (int i = 0; i < near.size(); i++) {
            KnnMember.Nearby n = near.get(i);
            r.neighbours[i] = new MemberReason.Neighbour(n.key(), n.label(), n.distance(), n.sequences());
            if (i < 2) {
                sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s (%s, distance %.2f%s)", n.key(),
                        n.label() == Labels.ANOMALOUS ? "anomalous" : "normal", n.distance(),
                        n.sequences() > 1 ? ", " + n.sequences() + " like it" : ""));
            }
        }
        r.summary = sb.toString();
        return r;
    }

    private MemberReason influences(MlpMember mlp, LogSequence seq, double[] features, String head) {
        List<LeaveOut> variants = LeaveOut.of(seq.templateIds, seq.messages, Integer.MAX_VALUE);
        double base = mlp.score(seq.templateIds, seq.messages, Float.NaN, features);
        double[] scores = new double[variants.size()];
        for (int i = 0; i < scores.length; i++) {
            LeaveOut l = variants.get(i);
            scores[i] = mlp.score(l.templateIds(), l.messages(), Float.NaN, ensemble.features(l.templateIds(), l.messages()));
        }
        MemberReason r = new MemberReason(MlpMember.NAME, null);
        r.influences = LeaveOut.strongest(variants, base, scores);
        for (MemberReason.Influence f : r.influences) {
            if (f.text == null) {
                f.text = vocabulary.textOf(f.templateId);
            }
        }
        r.summary = summarize(head, base, r.influences);
        return r;
    }

    private static MemberReason llm(MemberReason computed, String head) {
        MemberReason r = new MemberReason(LlmMember.NAME, head);
        if (computed != null) {
            r.influences = computed.influences;
            r.summary = computed.summary == null ? head : head + computed.summary;
        }
        return r;
    }

    /**
     * {@code : without 'X' (line 7) 0.12, without 'Y' (line 2) 0.90}, the influences' effect on
     * {@code base}; empty when nothing was left out.
     */
    public static String summarize(String head, double base, MemberReason.Influence[] influences) {
        StringBuilder sb = new StringBuilder(head);
        String sep = ": ";
        for (MemberReason.Influence f : influences) {
            sb.append(sep).append(String.format(Locale.ROOT, "without %s (line %d%s) %.2f", quote(f.text, f.templateId),
                    f.position, f.occurrences > 1 ? " x" + f.occurrences : "", base - f.drop));
            sep = ", ";
        }
        return sb.toString();
    }

    /** A template's text in quotes, cut to {@link #SHORT_TEXT}; its id when the text is unknown. */
    static String quote(String text, long templateId) {
        if (text == null) {
            return "template " + Vocabulary.hex(templateId);
        }
        return "'" + (text.length() > SHORT_TEXT ? text.substring(0, SHORT_TEXT - 3) + "..." : text) + "'";
    }
}
