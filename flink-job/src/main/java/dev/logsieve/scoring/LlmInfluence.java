package dev.logsieve.scoring;

import dev.logsieve.event.LogSequence;
import dev.logsieve.event.MemberReason;
import dev.logsieve.evidence.LeaveOut;
import dev.logsieve.evidence.MemberReasons;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.LlmScorer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM member's reason for an anomalous vote: the sequence is scored again without each of its
 * templates' lines ({@link LeaveOut}), all variants in one classifier call, and the templates whose
 * absence lowers the member's score most are its most influential messages. The template
 * embeddings are all in the cache by then, so the call costs the classifier only; it has no more
 * sequences than a scoring batch ({@link LlmOptions#LLM_BATCH_SIZE}), so that it fits the deadline
 * sized for those and does not hold up the next batch on the model server.
 */
final class LlmInfluence {
    private static final Logger LOG = LoggerFactory.getLogger(LlmInfluence.class);

    private LlmInfluence() {}

    /**
     * The reason, or null when the sequence has a single template (nothing to leave out) or the
     * call fails (the verdict then goes without it; the score itself is already there).
     *
     * @param p the sequence's {@code p_anomalous}
     * @param batchSize most sequences per classifier call
     */
    static MemberReason of(LlmScorer scorer, LlmMember member, LogSequence seq, float p, int batchSize) {
        List<LeaveOut> variants = LeaveOut.of(seq.templateIds, seq.messages, member.maxMessages(),
                Math.min(LeaveOut.MAX_TEMPLATES, batchSize));
        if (variants.isEmpty()) {
            return null;
        }
        List<long[]> ids = new ArrayList<>(variants.size());
        List<String[]> messages = new ArrayList<>(variants.size());
        for (LeaveOut v : variants) {
            ids.add(v.templateIds());
            messages.add(v.messages());
        }
        float[] without;
        try {
            without = scorer.score(ids, messages);
        } catch (RuntimeException e) {
            LOG.debug("LLM member: no influences for {} ({})", seq.key, e.toString());
            return null;
        }
        double base = member.scale(p);
        double[] scores = new double[without.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = member.scale(without[i]);
        }
        MemberReason r = new MemberReason(LlmMember.NAME, null);
        r.influences = LeaveOut.strongest(variants, base, scores);
        r.summary = MemberReasons.summarize("", base, r.influences);
        return r;
    }
}
