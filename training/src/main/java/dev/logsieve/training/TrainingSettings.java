package dev.logsieve.training;

import java.util.LinkedHashSet;
import java.util.Set;

/** What to train and how the training set is drawn. */
public final class TrainingSettings {
    /** Members to train: any of dt, knn, mlp, llm (in that voting order). */
    public Set<String> members = new LinkedHashSet<>(java.util.List.of("dt", "knn", "mlp", "llm"));
    /** How to train the LLM member, when it is among {@link #members}. */
    public LlmTraining.Options llm = LlmTraining.Options.defaults();
    /** FlexLog limited-data sampling: the share of unique normal sequences kept, or null for all data. */
    public Double limitedNormalFraction;
    /** LogLLM minority oversampling target share (0 turns it off). */
    public double beta = 0.3;
    public long seed = 42;
    /** Which prefixes of the training sequences the members also learn from (what streaming judges). */
    public Prefixes.Policy prefixes = Prefixes.Policy.EVIDENCE;
    /** Where prefixes are cut: streaming's session gap. */
    public java.time.Duration prefixGap = dev.logsieve.window.WindowOptions.SESSION_GAP.defaultValue();
    /**
     * Share of the training sequences held out (the latest by time) to choose the vote rule and the
     * LLM member's settings on; 0 holds out none (majority vote, the LLM member as configured).
     */
    public double validation = 0.2;
    /**
     * Anomalous sequences that a random validation share keeps whole ({@link ValidationSplit.Groups}),
     * or null; not a command-line option: evaluate-adfa sets it to the attack families.
     */
    public ValidationSplit.Groups validationGroups;
    /**
     * Share of the templates of the held-out normal sequences reworded in a second copy of them that
     * the choices are also judged on (see {@code Trainer}); 0 judges the held-out part as it is only.
     */
    public double validationReword = 0.3;
    /** After the choice, train the members again on all the training sequences. */
    public boolean refit = true;
    /**
     * With {@link #refit}, train the LLM member again too. Off by default: the member validation
     * judged is kept, because nothing judges the retrained one, and on BGL that is where it failed
     * (BENCHMARKS.md, "The LLM member kept as validation judged it").
     */
    public boolean llmRefit;
    /**
     * The semantic fallback for new templates: "auto" (its threshold chosen on validation among off and
     * {@link FallbackSelection#GRID}), "off", or a threshold.
     */
    public String fallback = "auto";
    /** The vote rule: auto (chosen on validation) or one of majority, average, weighted, stacked. */
    public String vote = "auto";
    /** The LLM member's augmentation rates were given: train it with them, do not choose. */
    public boolean llmAugmentGiven;
    /** The LLM member's threshold was given: keep it, do not choose. */
    public boolean llmThresholdGiven;
}
