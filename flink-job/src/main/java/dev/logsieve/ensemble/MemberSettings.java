package dev.logsieve.ensemble;

import java.io.Serializable;
import java.util.Objects;

/**
 * Hyper-parameters of the members and of the features, with the defaults used when nothing is
 * given. A plain mutable value (public fields) so that Jackson writes it into the bundle manifest
 * as it is. The defaults were chosen on the HDFS and BGL samples (see the ensemble tests).
 */
public class MemberSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Seed for everything random in training (MLP weights, SGD order, oversampling). */
    public long seed = 42L;

    /** Feature scaling, a {@link dev.logsieve.features.FeatureExtractor.Scaling} name. */
    public String featureScaling = "LOG1P";

    /**
     * Add the word block to the features (see {@link dev.logsieve.features.WordVocabulary}): counts of
     * the words of every line's template text, so that templates unseen in training still say what
     * they are about. Needs template texts in training and messages when judging (the job then keeps
     * them). On by default: it raises BGL's chronological F1 and leaves HDFS's unchanged.
     */
    public boolean featureWords = true;
    /** Keep a word in the word block only when it occurs in at least this many training lines. */
    public int featureWordMinLines = 2;

    // ---- decision tree (Smile CART) ----
    /** Split criterion: GINI, ENTROPY or CLASSIFICATION_ERROR. */
    public String treeSplitRule = "GINI";
    public int treeMaxDepth = 20;
    /** Maximum number of leaves; 0 = as many as the data allows (number of samples / node size). */
    public int treeMaxNodes = 0;
    /** Minimum number of samples in a leaf. */
    public int treeNodeSize = 1;

    // ---- k nearest neighbours (Smile KNN, Euclidean) ----
    public int knnK = 1;
    /**
     * Collapse identical training vectors into one, labelled by the majority of their labels (a tie
     * is normal). Makes the search set small (HDFS: a few hundred distinct vectors out of thousands)
     * and lets k = 1 answer exact matches from a hash table.
     */
    public boolean knnDedupe = true;

    // ---- multilayer perceptron (Smile MLP: input, one hidden layer, sigmoid output, log loss) ----
    public int mlpHiddenUnits = 64;
    /** Hidden activation: relu, sigmoid, tanh or leaky. */
    public String mlpActivation = "relu";
    public int mlpEpochs = 30;
    public int mlpBatchSize = 32;
    public double mlpLearningRate = 0.05;
    public double mlpMomentum = 0.9;
    public double mlpWeightDecay = 0.0;
    /** Oversample the minority class in every epoch so that it is at least this share of the epoch (0 = off). */
    public double mlpMinorityShare = 0.3;

    public MemberSettings() {}

    public static MemberSettings defaults() {
        return new MemberSettings();
    }

    public MemberSettings copy() {
        MemberSettings c = new MemberSettings();
        c.seed = seed;
        c.featureScaling = featureScaling;
        c.featureWords = featureWords;
        c.featureWordMinLines = featureWordMinLines;
        c.treeSplitRule = treeSplitRule;
        c.treeMaxDepth = treeMaxDepth;
        c.treeMaxNodes = treeMaxNodes;
        c.treeNodeSize = treeNodeSize;
        c.knnK = knnK;
        c.knnDedupe = knnDedupe;
        c.mlpHiddenUnits = mlpHiddenUnits;
        c.mlpActivation = mlpActivation;
        c.mlpEpochs = mlpEpochs;
        c.mlpBatchSize = mlpBatchSize;
        c.mlpLearningRate = mlpLearningRate;
        c.mlpMomentum = mlpMomentum;
        c.mlpWeightDecay = mlpWeightDecay;
        c.mlpMinorityShare = mlpMinorityShare;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemberSettings)) {
            return false;
        }
        MemberSettings s = (MemberSettings) o;
        return seed == s.seed && Objects.equals(featureScaling, s.featureScaling)
                && featureWords == s.featureWords && featureWordMinLines == s.featureWordMinLines
                && Objects.equals(treeSplitRule, s.treeSplitRule) && treeMaxDepth == s.treeMaxDepth
                && treeMaxNodes == s.treeMaxNodes && treeNodeSize == s.treeNodeSize
                && knnK == s.knnK && knnDedupe == s.knnDedupe
                && mlpHiddenUnits == s.mlpHiddenUnits && Objects.equals(mlpActivation, s.mlpActivation)
                && mlpEpochs == s.mlpEpochs && mlpBatchSize == s.mlpBatchSize
                && Double.compare(mlpLearningRate, s.mlpLearningRate) == 0
                && Double.compare(mlpMomentum, s.mlpMomentum) == 0
                && Double.compare(mlpWeightDecay, s.mlpWeightDecay) == 0
                && Double.compare(mlpMinorityShare, s.mlpMinorityShare) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, featureScaling, featureWords, featureWordMinLines, treeSplitRule, treeMaxDepth, treeMaxNodes, treeNodeSize, knnK,
                knnDedupe, mlpHiddenUnits, mlpActivation, mlpEpochs, mlpBatchSize, mlpLearningRate, mlpMomentum,
                mlpWeightDecay, mlpMinorityShare);
    }

    @Override
    public String toString() {
        return "MemberSettings{seed=" + seed + ", featureScaling=" + featureScaling
                + (featureWords ? ", words (min " + featureWordMinLines + " lines)" : "")
                + ", tree=" + treeSplitRule + "/depth " + treeMaxDepth + "/nodes " + treeMaxNodes + "/size " + treeNodeSize
                + ", knn k=" + knnK + (knnDedupe ? " dedupe" : "")
                + ", mlp " + mlpHiddenUnits + " " + mlpActivation + " epochs " + mlpEpochs + " batch " + mlpBatchSize
                + " lr " + mlpLearningRate + " momentum " + mlpMomentum + " decay " + mlpWeightDecay
                + " minority " + mlpMinorityShare + "}";
    }
}
