package dev.logsieve.ensemble;

import java.util.Objects;
import smile.classification.DecisionTree;
import smile.data.Tuple;
import smile.data.type.StructType;

/**
 * The decision-tree member: Smile's CART classifier ({@link DecisionTree}) over the count features.
 * Defaults (see {@link MemberSettings}; trained by {@code dev.logsieve.ensemble.train.DecisionTreeTrainer}): Gini, max depth 20, leaves unbounded (samples / node size),
 * node size 1, i.e. a tree that may separate every distinct training pattern; count features make
 * that the right bias for rare anomaly patterns (LightAD reaches F1 0.999 on HDFS with a tree).
 */
public final class DecisionTreeMember implements Member {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "dt";

    /** Null when training saw a single class. */
    private final DecisionTree tree;
    private final StructType schema;
    /** The vote when training saw only one class, else -1. */
    private final int constant;

    private DecisionTreeMember(DecisionTree tree, StructType schema, int constant) {
        this.tree = tree;
        this.schema = schema;
        this.constant = constant;
    }

    /** A member that votes with a trained tree; {@code schema} describes the predictors it was fitted on. */
    public static DecisionTreeMember of(DecisionTree tree, StructType schema) {
        return new DecisionTreeMember(Objects.requireNonNull(tree, "tree"), Objects.requireNonNull(schema, "schema"), -1);
    }

    /** A member that always votes {@code vote}: its training data held a single class. */
    public static DecisionTreeMember constant(int vote) {
        return new DecisionTreeMember(null, null, vote);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vote(double[] features) {
        return Member.voteOf(score(features));
    }

    /**
     * The share of anomalous training sequences in the leaf the features fall into, as Smile's
     * posteriori gives it (Laplace-smoothed counts); above 0.5 exactly when the tree predicts anomalous.
     */
    double score(double[] features) {
        if (tree == null) {
            return Member.scoreOf(constant);
        }
        double[] posteriori = new double[2];
        int predicted = tree.predict(Tuple.of(features, schema), posteriori);
        double p = posteriori[1];
        // keep the boundary's meaning where the leaf's counts tie (Smile then predicts the first class)
        return Member.onSideOf(predicted == 1, p);
    }

    @Override
    public double score(long[] templateIds, String[] messages, float modelScore, double[] features) {
        return score(features);
    }

    /** The Smile model, or null when training saw a single class. */
    public DecisionTree model() {
        return tree;
    }

    @Override
    public String toString() {
        return tree == null ? "dt(constant " + constant + ")" : "dt(" + tree.size() + " nodes)";
    }
}
