package dev.logsieve.llm;

import dev.logsieve.ensemble.Member;
import dev.logsieve.inference.LlmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The LLM member of the ensemble (LogLLM): votes {@link #ANOMALOUS} when the classifier's
 * {@code p_anomalous} for the sequence is at least {@link #threshold()}.
 *
 * <p>In the Flink job the score is computed ahead, in batches, by an asynchronous stage
 * ({@code dev.logsieve.scoring}), and arrives here as {@code modelScore}; {@code NaN} there means
 * the models could not answer, and the member then answers {@link #UNAVAILABLE} (the verdict is
 * degraded). Outside the job (tools, tests) a member read from a bundle scores a sequence itself,
 * in-process, opening the bundle's models on first use.
 *
 * <p>Serialized into the bundle as {@code llm.ser}: only its settings; the models are the bundle's
 * files ({@link LlmFiles}), found through {@link #bind(Path)}.
 */
public final class LlmMember implements Member, AutoCloseable {
    private static final long serialVersionUID = 1L;
    /** The member's name, and its bundle file's. */
    public static final String NAME = "llm";

    private final double threshold;
    private final int maxMessages;
    private final int maxTokens;
    private final String encoder;
    /** Most retrieved descriptions per sequence; 0: the member was trained without context. */
    private int contextK;
    private double contextMinSimilarity;
    private transient Path bundle;
    private transient LlmScorer scorer;
    private transient LlmBackend backend;

    /**
     * @param threshold p_anomalous at or above which the vote is anomalous
     * @param maxMessages most messages per sequence the classifier sees
     * @param maxTokens most tokens per message the encoder sees
     * @param encoder where the encoder came from (for the manifest and logs)
     */
    public LlmMember(double threshold, int maxMessages, int maxTokens, String encoder) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1): " + threshold);
        }
        this.threshold = threshold;
        this.maxMessages = maxMessages;
        this.maxTokens = maxTokens;
        this.encoder = encoder;
    }

    /**
     * This member, trained with retrieved context: up to {@code k} descriptions per sequence from
     * the bundle's {@link LlmFiles#KNOWLEDGE}, those chosen by embedding at least {@code minSimilarity}
     * alike.
     */
    public LlmMember withContext(int k, double minSimilarity) {
        if (k < 1) {
            throw new IllegalArgumentException("context descriptions per sequence must be at least 1: " + k);
        }
        return copy(threshold, k, minSimilarity);
    }

    /** This member (its context settings included) with another threshold. */
    public LlmMember withThreshold(double p) {
        return copy(p, contextK, contextMinSimilarity);
    }

    private LlmMember copy(double p, int k, double minSimilarity) {
        LlmMember m = new LlmMember(p, maxMessages, maxTokens, encoder);
        m.contextK = k;
        m.contextMinSimilarity = minSimilarity;
        return m;
    }

    /** Most retrieved descriptions per sequence; 0 when the member was trained without context. */
    public int contextK() {
        return contextK;
    }

    /**
     * What the member retrieves its context from: the knowledge file {@code override} names, else
     * the bundle's {@link LlmFiles#KNOWLEDGE}; null for a member without context.
     *
     * @throws IOException when the file cannot be read, or a knowledge file is given to a member trained without
     */
    public LlmScorer.Retrieval retrieval(Path bundleDir, Path override) throws IOException {
        if (contextK == 0) {
            if (override != null) {
                throw new IOException("the knowledge file " + override + " cannot be used: the bundle's LLM member was"
                        + " trained without retrieved context (train it with --context FILE)");
            }
            return null;
        }
        Path file = override != null ? override : bundleDir.resolve(LlmFiles.KNOWLEDGE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException("no knowledge file " + file + " for the LLM member, which was trained with retrieved"
                    + " context");
        }
        return new LlmScorer.Retrieval(Knowledge.read(file), contextK, contextMinSimilarity);
    }

    /** Tells the member where its bundle is, so that it can open the models itself when asked. */
    public void bind(Path bundleDir) {
        this.bundle = bundleDir;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean readsMessages() {
        return true;
    }

    /** Without a sequence the member cannot judge. */
    @Override
    public int vote(double[] features) {
        return UNAVAILABLE;
    }

    @Override
    public int vote(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return Member.voteOf(score(templateIds, messages, modelScore, features));
    }

    /**
     * The classifier's {@code p_anomalous} rescaled so that the member's threshold falls on
     * {@link #BOUNDARY} ({@link #scale(double)}); {@code NaN} when no score is at hand and none can
     * be computed.
     */
    @Override
    public double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
        if (!Float.isNaN(modelScore)) {
            return scale(modelScore);
        }
        if (bundle == null || messages == null) {
            return Double.NaN;
        }
        try {
            return scale(scorer().score(List.of(templateIds), java.util.Collections.singletonList(messages))[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * {@code p_anomalous} mapped piecewise linearly onto 0..1 with the threshold at 0.5: [0, threshold)
     * onto [0, 0.5), [threshold, 1] onto (0.5, 1]. The vote stays {@code p >= threshold}, and every
     * member's score then means the same at its boundary.
     */
    public double scale(double pAnomalous) {
        double scaled = pAnomalous >= threshold ? BOUNDARY + BOUNDARY * (pAnomalous - threshold) / (1 - threshold)
                : BOUNDARY * pAnomalous / threshold;
        return Member.onSideOf(pAnomalous >= threshold, Math.max(0.0, scaled));
    }

    /** The vote for a score. */
    public int label(float pAnomalous) {
        return pAnomalous >= threshold ? ANOMALOUS : NORMAL;
    }

    /** The in-process scorer over the bound bundle's models, opened on first use. */
    public synchronized LlmScorer scorer() {
        if (scorer == null) {
            if (bundle == null) {
                throw new IllegalStateException("the LLM member is not bound to a bundle");
            }
            LlmScorer.Retrieval knowledge;
            try {
                knowledge = retrieval(bundle, null); // before the models open: a missing file then leaks nothing
                backend = LlmFiles.openInProcess(bundle, maxTokens, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                scorer = new LlmScorer(backend, 100_000, maxMessages, knowledge);
            } catch (RuntimeException e) {
                backend.close();
                backend = null;
                throw e;
            }
        }
        return scorer;
    }

    public double threshold() {
        return threshold;
    }

    public int maxMessages() {
        return maxMessages;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public String encoder() {
        return encoder;
    }

    @Override
    public synchronized void close() {
        if (backend != null) {
            backend.close();
            backend = null;
            scorer = null;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LLM member (threshold %.2f, %d messages x %d tokens, encoder %s%s)", threshold,
                maxMessages, maxTokens, encoder, contextK == 0 ? "" : ", context of up to " + contextK + " descriptions");
    }
}
