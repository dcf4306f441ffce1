package dev.logsieve.ensemble;

import java.util.Objects;
import smile.classification.MLP;

/**
 * The feed-forward member: Smile's {@link MLP} with one hidden layer and a single sigmoid output,
 * trained by {@code dev.logsieve.ensemble.train.MlpTrainer} (defaults in {@link MemberSettings}).
 * It votes through {@link MlpForward}, the same network in plain Java, so the job needs no native
 * BLAS (OpenBLAS) for it.
 */
public final class MlpMember implements Member {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "mlp";

    private final MLP mlp;
    private final int constant;
    /** The network's forward pass without native BLAS, read from {@link #mlp} on first use. */
    private transient volatile MlpForward forward;

    private MlpMember(MLP mlp, int constant) {
        this.mlp = mlp;
        this.constant = constant;
    }

    /** A member that votes with a trained network. */
    public static MlpMember of(MLP mlp) {
        return new MlpMember(Objects.requireNonNull(mlp, "mlp"), -1);
    }

    /** A member that always votes {@code vote}: its training data held a single class. */
    public static MlpMember constant(int vote) {
        return new MlpMember(null, vote);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vote(double[] features) {
        return Member.voteOf(score(features));
    }

    /** The sigmoid output for the anomalous class; above 0.5 exactly when the network predicts anomalous. */
    double score(double[] features) {
        if (mlp == null) {
            return Member.scoreOf(constant);
        }
        return forward().anomalousProbability(features);
    }

    @Override
    public double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return score(features);
    }

    private MlpForward forward() {
        MlpForward f = forward;
        if (f == null) {
            f = new MlpForward(mlp);
            forward = f;
        }
        return f;
    }

    /** The Smile model, or null when training saw a single class. */
    public MLP model() {
        return mlp;
    }

    @Override
    public String toString() {
        return mlp == null ? "mlp(constant " + constant + ")" : "mlp";
    }
}
