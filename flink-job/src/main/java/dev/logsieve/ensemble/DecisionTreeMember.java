package dev.logsieve.ensemble;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
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

    /**
     * The way the features go from the root to their leaf: one test per internal node. Empty when
     * training saw a single class (no tree).
     */
    public Path path(double[] features) {
        if (tree == null) {
            return new Path(List.of(), 0, 0);
        }
        Tuple x = Tuple.of(features, schema);
        List<Test> tests = new ArrayList<>();
        Node node = tree.root();
        while (node instanceof InternalNode in) {
            if (!(in instanceof OrdinalNode)) {
                throw new IllegalStateException("a nominal split over count features: " + in.getClass().getName());
            }
            boolean atMost = in.branch(x);
            tests.add(new Test(in.feature(), splitValue((OrdinalNode) in), features[in.feature()], atMost));
            node = atMost ? in.trueChild() : in.falseChild();
        }
        int[] count = node instanceof DecisionNode leaf ? leaf.count() : new int[2];
        return new Path(tests, count[0] + count[1], count.length > 1 ? count[1] : 0);
    }

    /** Smile's ordinal split value: {@code x[feature] <= value} goes to the true child. */
    private static double splitValue(OrdinalNode node) {
        try {
            return SPLIT_VALUE.getDouble(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Smile 3.1 keeps an ordinal node's split value package-private and prints it only rounded
     * ({@code OrdinalNode.toString}); the tree's path needs it exactly.
     */
    private static final Field SPLIT_VALUE;

    static {
        try {
            SPLIT_VALUE = OrdinalNode.class.getDeclaredField("value");
            SPLIT_VALUE.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("Smile's OrdinalNode has no 'value' field: " + e);
        }
    }

    /**
     * One test on the way to a leaf.
     *
     * @param column  the feature column tested
     * @param split   the split value: {@code value <= split} goes one way, {@code value > split} the other
     * @param value   the sequence's feature value
     * @param atMost  true when the sequence went the {@code <= split} way
     */
    public record Test(int column, double split, double value, boolean atMost) {}

    /**
     * The tests from the root to the leaf, and the training sequences in the leaf.
     *
     * @param leafSequences training sequences that fell into the leaf
     * @param leafAnomalous of those, anomalous
     */
    public record Path(List<Test> tests, long leafSequences, long leafAnomalous) {}

    /** The Smile model, or null when training saw a single class. */
    public DecisionTree model() {
        return tree;
    }

    @Override
    public String toString() {
        return tree == null ? "dt(constant " + constant + ")" : "dt(" + tree.size() + " nodes)";
    }
}
