package dev.logsieve.ensemble;

import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.UnseenTemplates;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The members, the feature extractor they share and the rule that combines their scores.
 * {@link #judge(long[], String[])} computes the features once, asks every member for its score, and
 * combines the scores with the {@link VoteRule} (by default the majority of the votes, a tie normal);
 * a member that cannot answer is left out (or filled in, for a stacked rule) and makes the judgement
 * degraded.
 *
 * <p>Immutable; safe to use from several threads when its members are (Smile's are).
 */
public final class Ensemble implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FeatureExtractor extractor;
    private final Member[] members;
    private final String[] names;
    /** How the members were trained; null when unknown (members built by hand). */
    private final MemberSettings settings;
    /** How the scores combine (bundles written before rules existed vote by majority: see the bundle's reader). */
    private final VoteRule rule;
    /**
     * Which known template a template outside the vocabulary counts as (the semantic fallback); it
     * holds an encoder, so it is attached after the bundle is read ({@link #withUnseen}) and not
     * serialized. Null: none.
     */
    private transient UnseenTemplates unseen;

    public Ensemble(FeatureExtractor extractor, List<? extends Member> members, MemberSettings settings) {
        this(extractor, members, settings, VoteRule.majority());
    }

    public Ensemble(FeatureExtractor extractor, List<? extends Member> members, MemberSettings settings, VoteRule rule) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.members = members.toArray(new Member[0]);
        this.names = new String[this.members.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < this.members.length; i++) {
            names[i] = Objects.requireNonNull(this.members[i], "member").name();
            if (!seen.add(names[i])) {
                throw new IllegalArgumentException("two members are named '" + names[i] + "'");
            }
        }
        this.settings = settings == null ? null : settings.copy();
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Ensemble(FeatureExtractor extractor, List<? extends Member> members) {
        this(extractor, members, null);
    }

    /** A copy of this ensemble with one more member (for example the LLM member), voting last. */
    public Ensemble with(Member member) {
        List<Member> all = new ArrayList<>(List.of(members));
        all.add(member);
        return new Ensemble(extractor, all, settings, rule()).withUnseen(unseen);
    }

    /**
     * This ensemble with only the named members, in this ensemble's voting order; an empty list
     * keeps all of them.
     *
     * @throws IllegalArgumentException naming a member this ensemble does not have
     */
    public Ensemble select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return this;
        }
        for (String n : names) {
            if (!List.of(this.names).contains(n)) {
                throw new IllegalArgumentException("the model bundle has no member '" + n + "'; it has "
                        + String.join(",", this.names));
            }
        }
        List<Member> kept = new ArrayList<>();
        for (Member m : members) {
            if (names.contains(m.name())) {
                kept.add(m);
            }
        }
        return new Ensemble(extractor, kept, settings, rule()).withUnseen(unseen);
    }

    /** This ensemble voting by another rule. */
    public Ensemble withRule(VoteRule rule) {
        return new Ensemble(extractor, List.of(members), settings, rule).withUnseen(unseen);
    }

    /**
     * This ensemble with the semantic fallback for templates outside the vocabulary: a line whose
     * template {@code unseen} maps to a known one counts as that one in the features. Null for none.
     */
    public Ensemble withUnseen(UnseenTemplates unseen) {
        Ensemble e = new Ensemble(extractor, List.of(members), settings, rule);
        e.unseen = unseen;
        return e;
    }

    /** The features the members read for a sequence, with the semantic fallback when there is one. */
    public double[] features(long[] templateIds, String[] messages) {
        return extractor.features(templateIds, messages, unseen == null ? UnseenTemplates.NONE : unseen);
    }

    /** The rule that combines the members' scores. */
    public VoteRule rule() {
        return rule;
    }

    /** True when a member of this name votes. */
    public boolean has(String name) {
        return List.of(names).contains(name);
    }

    /** Releases what members hold outside the heap (the LLM member's model sessions). */
    public void close() throws Exception {
        Exception first = null;
        for (Member m : members) {
            if (m instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) m).close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The judgement of a sequence from its template ids alone; see {@link #judge(long[], String[])}. */
    public Judgement judge(long[] templateIds) {
        return judge(templateIds, null);
    }

    /**
     * The judgement of a sequence.
     *
     * @param messages the masked messages aligned with {@code templateIds}, or null; when the
     *                 features have a word block ({@link #needsMessages()}), the messages of templates
     *                 unseen in training add their words, and without them those lines add none
     */
    public Judgement judge(long[] templateIds, String[] messages) {
        return judge(templateIds, messages, Float.NaN);
    }

    /**
     * The judgement of a sequence whose LLM score ({@code p_anomalous}) an earlier stage computed;
     * {@code NaN} when it did not (see {@link Member#vote(long[], String[], float, double[])}).
     */
    public Judgement judge(long[] templateIds, String[] messages, float modelScore) {
        double[] features = features(templateIds, messages);
        int unseenCount = extractor.unseen(templateIds);
        double[] scores = new double[members.length];
        int[] votes = new int[members.length];
        int available = 0;
        for (int i = 0; i < members.length; i++) {
            double s = members[i].score(templateIds, messages, modelScore, features);
            scores[i] = Double.isNaN(s) ? Double.NaN : Math.max(0.0, Math.min(1.0, s));
            votes[i] = Member.voteOf(scores[i]);
            available += votes[i] == Member.UNAVAILABLE ? 0 : 1;
        }
        VoteRule r = rule();
        double score = r.combine(names, scores);
        int label = r.anomalous(score) ? Member.ANOMALOUS : Member.NORMAL;
        return new Judgement(votes, scores, label, score, r.name(), r.threshold(), unseenCount,
                available < members.length);
    }

    /**
     * True when some member reads message texts, or the features have a word block or a semantic
     * fallback, so sequences must carry them.
     */
    public boolean needsMessages() {
        if (extractor.usesWords() || unseen != null) {
            return true;
        }
        for (Member m : members) {
            if (m.readsMessages()) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when only the features' word block or semantic fallback reads messages (no member does):
     * they read them for templates outside the training vocabulary only, so other lines need not
     * carry theirs.
     */
    public boolean readsMessagesOfUnseenOnly() {
        if (!extractor.usesWords() && unseen == null) {
            return false;
        }
        for (Member m : members) {
            if (m.readsMessages()) {
                return false;
            }
        }
        return true;
    }

    public String[] memberNames() {
        return names.clone();
    }

    /** The members, in voting order. */
    public List<Member> members() {
        return List.of(members);
    }

    public FeatureExtractor featureExtractor() {
        return extractor;
    }

    /** The settings the members were trained with, or null when unknown; a copy. */
    public MemberSettings settings() {
        return settings == null ? null : settings.copy();
    }
}
