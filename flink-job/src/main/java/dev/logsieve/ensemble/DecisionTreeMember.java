package dev.logsieve.ensemble;

import java.util.Locale;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;

/**
 * The decision-tree member: Smile's CART classifier ({@link DecisionTree}) over the count features.
 * Defaults (see {@link MemberSettings}): Gini, max depth 20, leaves unbounded (samples / node size),
 * node size 1, i.e. a tree that may separate every distinct training pattern; count features make
 * that the right bias for rare anomaly patterns (LightAD reaches F1 0.999 on HDFS with a tree).
 */
public final class DecisionTreeMember implements Member {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "dt";
    private static final String RESPONSE = "y";

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

    public static DecisionTreeMember train(double[][] x, int[] y, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return new DecisionTreeMember(null, null, single);
        }
        int p = x[0].length;
        String[] names = columnNames(p);
        DataFrame predictors = DataFrame.of(x, names);
        DataFrame data = predictors.merge(IntVector.of(RESPONSE, y));
        int nodeSize = Math.max(1, settings.treeNodeSize);
        int maxNodes = settings.treeMaxNodes > 0 ? settings.treeMaxNodes : Math.max(2, x.length / nodeSize);
        SplitRule rule = SplitRule.valueOf(settings.treeSplitRule.trim().toUpperCase(Locale.ROOT));
        DecisionTree tree = DecisionTree.fit(Formula.lhs(RESPONSE), data, rule, settings.treeMaxDepth, maxNodes, nodeSize);
        return new DecisionTreeMember(tree, predictors.schema(), -1);
    }

    static String[] columnNames(int p) {
        String[] names = new String[p];
        for (int i = 0; i < p; i++) {
            names[i] = "f" + i;
        }
        return names;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vote(double[] features) {
        if (tree == null) {
            return constant;
        }
        return tree.predict(Tuple.of(features, schema)) == 1 ? ANOMALOUS : NORMAL;
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
