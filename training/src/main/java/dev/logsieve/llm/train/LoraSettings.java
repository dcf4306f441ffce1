package dev.logsieve.llm.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Low-rank adaptation (LoRA, Hu et al. 2021) of the decoder: for each targeted matrix
 * {@code W [in, out]}, {@link DjlClassifier} adds {@code A [in, r]} and {@code B [r, out]} and
 * computes {@code x·W + (dropout(x)·A·B)·(alpha / r)}, with {@code W} frozen. A pretrained
 * decoder (e.g. 1B parameters) does not fit full training on a CPU, and LogLLM itself fine-tunes
 * its Llama with LoRA; the adapters of rank 8 on every matrix are well under 1 % of its weights.
 *
 * <p>{@link #OFF} (rank 0) trains every weight, as before LoRA existed. Invalid values fail with
 * {@link Invalid}, which names the setting and the value.
 *
 * @param rank r, the adapters' inner width (0: no adapters)
 * @param alpha the scale numerator: the adapters' product is multiplied by {@code alpha / rank}
 * @param dropout dropout on the adapters' input while training, in [0, 1)
 * @param targets the adapted matrices
 * @param basePrecision how the frozen base weights are held on the engine
 */
public record LoraSettings(int rank, double alpha, double dropout, Set<Target> targets, Precision basePrecision) {

    /** The default alpha: twice the default rank (scale 2), a common LoRA choice. */
    public static final double DEFAULT_ALPHA = 16;
    /** The default dropout. */
    public static final double DEFAULT_DROPOUT = 0.05;
    /** The default rank when a checkpoint is given. */
    public static final int DEFAULT_RANK = 8;
    /** No adapters: every weight trains, in float32. */
    public static final LoraSettings OFF = new LoraSettings(0, DEFAULT_ALPHA, 0, EnumSet.allOf(Target.class), Precision.FP32);

    /** A matrix of each decoder layer that may carry an adapter; {@link #weight()} is its name in {@link ClassifierWeights}. */
    public enum Target {
        /** Attention query. */
        Q("wq"),
        /** Attention key. */
        K("wk"),
        /** Attention value. */
        V("wv"),
        /** Attention output. */
        O("wo"),
        /** SwiGLU gate. */
        GATE("w_gate"),
        /** SwiGLU up projection. */
        UP("w_up"),
        /** SwiGLU down projection. */
        DOWN("w_down");

        private final String weight;

        Target(String weight) {
            this.weight = weight;
        }

        /** The matrix's name within a layer, e.g. {@code wq}. */
        public String weight() {
            return weight;
        }

        /** The command-line name, e.g. {@code q}, {@code gate}. */
        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Targets from their command-line names (case and blanks ignored); fails naming an unknown one. */
        public static Set<Target> parse(List<String> names) {
            Set<Target> out = EnumSet.noneOf(Target.class);
            for (String n : names) {
                String k = n.trim().toLowerCase(Locale.ROOT);
                Target t = Arrays.stream(values()).filter(v -> v.option().equals(k)).findFirst()
                        .orElseThrow(() -> new Invalid("targets", "unknown LoRA target '" + n + "' (known: " + known() + ")"));
                out.add(t);
            }
            return out;
        }

        /** The command-line names of all targets, comma-separated. */
        public static String known() {
            return Arrays.stream(values()).map(Target::option).collect(Collectors.joining(","));
        }
    }

    /**
     * How the frozen base weights are held on the engine ({@link BaseWeights} holds and reads them).
     * The forward pass computes in float32 whatever the holding.
     */
    public enum Precision {
        /** float32, as imported. */
        FP32,
        /** IEEE half precision: 5 exponent bits, so values beyond ±65504 overflow and tiny ones lose digits. */
        FP16,
        /** bfloat16: float32's range with 8 significant bits; exact for checkpoints saved in BF16. */
        BF16;

        /** From {@code fp32}, {@code fp16} or {@code bf16} (case ignored); fails naming the value. */
        public static Precision parse(String s) {
            String k = s.trim().toUpperCase(Locale.ROOT);
            for (Precision p : values()) {
                if (p.name().equals(k)) {
                    return p;
                }
            }
            throw new Invalid("basePrecision", "'" + s + "' is none of fp32, fp16, bf16");
        }

        /** {@code fp32}, {@code fp16} or {@code bf16}. */
        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An invalid value; {@link #setting()} names the record component that holds it. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String setting;

        /** A failure of {@code setting} with a message that names the value. */
        public Invalid(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** The component: rank, alpha, dropout, targets or basePrecision. */
        public String setting() {
            return setting;
        }
    }

    /** Checks the values and copies the targets. */
    public LoraSettings {
        if (rank < 0) {
            throw new Invalid("rank", "the LoRA rank must be 0 (off) or positive, got " + rank);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new Invalid("alpha", "the LoRA alpha must be a positive number, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new Invalid("dropout", "the LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (targets == null || targets.isEmpty()) {
            throw new Invalid("targets", "name at least one LoRA target among " + Target.known());
        }
        targets = Set.copyOf(EnumSet.copyOf(targets));
        if (basePrecision == null) {
            throw new Invalid("basePrecision", "no base precision");
        }
        if (rank == 0 && basePrecision != Precision.FP32) {
            throw new Invalid("basePrecision", "the base is held in " + basePrecision.option()
                    + " only under LoRA (rank above 0): without adapters every weight trains, in float32");
        }
    }

    /** Rank {@code rank} with the default alpha, dropout, every target and a float32 base. */
    public static LoraSettings rank(int rank) {
        return new LoraSettings(rank, DEFAULT_ALPHA, DEFAULT_DROPOUT, EnumSet.allOf(Target.class), Precision.FP32);
    }

    /** These settings with the base held in {@code p}. */
    public LoraSettings withBasePrecision(Precision p) {
        return new LoraSettings(rank, alpha, dropout, targets, p);
    }

    /** These settings with other targets. */
    public LoraSettings withTargets(Set<Target> t) {
        return new LoraSettings(rank, alpha, dropout, t, basePrecision);
    }

    /** Whether adapters are trained (rank above 0). */
    public boolean enabled() {
        return rank > 0;
    }

    /** alpha / rank, the factor of the adapters' product. */
    public float scale() {
        return (float) (alpha / rank);
    }

    /** The adapted matrices' names in {@link ClassifierWeights}, layer by layer, in target order. */
    public List<String> adapted(ClassifierConfig config) {
        List<String> out = new ArrayList<>();
        if (!enabled()) {
            return out;
        }
        for (int l = 0; l < config.layers(); l++) {
            for (Target t : EnumSet.copyOf(targets)) {
                out.add("layers." + l + "." + t.weight());
            }
        }
        return out;
    }

    /** One line for logs and manifests, e.g. {@code rank 8, alpha 16, dropout 0.05 on q,k,v,o, base fp16}. */
    public String summary() {
        if (!enabled()) {
            return "off";
        }
        return String.format(Locale.ROOT, "rank %d, alpha %s, dropout %s on %s, base %s", rank, num(alpha), num(dropout),
                EnumSet.copyOf(targets).stream().map(Target::option).collect(Collectors.joining(",")),
                basePrecision.option());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
