package dev.logsieve.llm.train;

import dev.logsieve.inference.ModelContract;
import dev.logsieve.onnx.GraphProto;
import dev.logsieve.onnx.ModelProto;
import dev.logsieve.onnx.NodeProto;
import dev.logsieve.onnx.StringStringEntryProto;
import dev.logsieve.onnx.TensorProto;
import dev.logsieve.onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code logllm_classifier} graph that answers the mean {@code p_anomalous} of several
 * classifiers ({@link ClassifierExport}'s graphs of one configuration, trained from different
 * seeds): each classifier's nodes and initializers are renamed under its own prefix ({@code s1/},
 * {@code s2/}, ...), all read the same inputs, and a {@code Mean} node gives the contract's output.
 * The model's inputs, output, metadata and Triton configuration are those of one classifier, so
 * Triton, the in-process backend and the job see no difference but the score. Stateless.
 */
public final class SeedAverage {

    /** Metadata key holding how many classifiers the model averages. */
    public static final String CLASSIFIERS_KEY = "logsieve.classifiers";

    private SeedAverage() {}

    /**
     * The averaged model.
     *
     * @param models graphs with the same inputs and output, every initializer inside (no external data)
     * @return {@code models.get(0)} itself when there is one
     */
    public static ModelProto of(List<ModelProto> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no classifier to average");
        }
        if (models.size() == 1) {
            return models.get(0);
        }
        ModelProto first = models.get(0);
        List<String> inputNames = names(first);
        Set<String> inputs = new HashSet<>(inputNames);
        GraphProto.Builder graph = first.getGraph().toBuilder().clearNode().clearInitializer();
        List<String> outputs = new ArrayList<>();
        int k = 0;
        for (ModelProto m : models) {
            String prefix = "s" + (++k) + "/";
            GraphProto g = m.getGraph();
            if (!names(m).equals(inputNames)) {
                throw new IllegalArgumentException("classifier " + k + " takes other inputs than the first: " + names(m));
            }
            for (TensorProto t : g.getInitializerList()) {
                if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                    throw new IllegalArgumentException("classifier " + k + " keeps its weights outside the model file;"
                            + " only classifiers held inside can be averaged");
                }
                graph.addInitializer(t.toBuilder().setName(prefix + t.getName()));
            }
            for (NodeProto n : g.getNodeList()) {
                NodeProto.Builder b = n.toBuilder().setName(prefix + n.getName()).clearInput().clearOutput();
                for (String in : n.getInputList()) {
                    b.addInput(in.isEmpty() || inputs.contains(in) ? in : prefix + in);
                }
                for (String out : n.getOutputList()) {
                    b.addOutput(prefix + out);
                }
                graph.addNode(b);
            }
            outputs.add(prefix + ModelContract.CLASSIFIER_OUTPUT);
        }
        graph.addNode(NodeProto.newBuilder().setOpType("Mean").setName(ModelContract.CLASSIFIER_OUTPUT)
                .addAllInput(outputs).addOutput(ModelContract.CLASSIFIER_OUTPUT));
        return first.toBuilder().setGraph(graph)
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(CLASSIFIERS_KEY).setValue(Integer.toString(models.size())))
                .setDocString(first.getDocString() + "; the mean of " + models.size() + " classifiers trained from different seeds")
                .build();
    }

    /** The model's input names, in order. */
    private static List<String> names(ModelProto model) {
        return model.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
    }
}
