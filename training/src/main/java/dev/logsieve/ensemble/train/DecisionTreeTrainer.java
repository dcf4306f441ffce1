package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.DecisionTreeMember;
import dev.logsieve.ensemble.MemberSettings;
import java.util.Locale;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/**
 * Fits the decision-tree member ({@link DecisionTreeMember}): Smile's CART on the count features,
 * with the split rule, depth, leaf count and node size of {@link MemberSettings}.
 */
public final class DecisionTreeTrainer {
    private static final String RESPONSE = "y";

    private DecisionTreeTrainer() {}

    public static DecisionTreeMember train(double[][] x, int[] y, MemberSettings settings) {
        int single = TrainingData.singleClass(x, y);
        if (single >= 0) {
            return DecisionTreeMember.constant(single);
        }
        int p = x[0].length;
        String[] names = columnNames(p);
        DataFrame predictors = DataFrame.of(x, names);
        DataFrame data = predictors.merge(IntVector.of(RESPONSE, y));
        int nodeSize = Math.max(1, settings.treeNodeSize);
        int maxNodes = settings.treeMaxNodes > 0 ? settings.treeMaxNodes : Math.max(2, x.length / nodeSize);
        SplitRule rule = SplitRule.valueOf(settings.treeSplitRule.trim().toUpperCase(Locale.ROOT));
        DecisionTree tree = DecisionTree.fit(Formula.lhs(RESPONSE), data, rule, settings.treeMaxDepth, maxNodes, nodeSize);
        return DecisionTreeMember.of(tree, predictors.schema());
    }

    static String[] columnNames(int p) {
        String[] names = new String[p];
        for (int i = 0; i < p; i++) {
            names[i] = "f" + i;
        }
        return names;
    }
}
