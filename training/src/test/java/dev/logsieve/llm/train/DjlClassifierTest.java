package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class DjlClassifierTest {

    static final ClassifierConfig SMALL = ClassifierConfig.of(16, 8, 2, 2, 12);

    @Test
    void runsOnThePyTorchEngineAndKeepsItsWeights() {
        ClassifierWeights w = ClassifierWeights.random(SMALL, 9);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(m.getEngine().getEngineName()).isEqualTo("PyTorch");
            assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
            DjlClassifier c = DjlClassifier.create(SMALL, w, m);
            ClassifierWeights back = c.weights();
            for (String name : w.tensors().keySet()) {
                assertThat(back.get(name).data()).containsExactly(w.get(name).data());
            }
            assertThat(c.getOutputShapes(new Shape[] {new Shape(4, 3, 16), new Shape(4, 3)}))
                    .containsExactly(new Shape(4, 1), new Shape(4, SMALL.vocabulary().size()));
        }
    }

    @Test
    void isDifferentiableThroughEveryParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            DjlClassifier c = DjlClassifier.create(SMALL, ClassifierWeights.random(SMALL, 4), m);
            c.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16), new Shape(2, 3));
            NDArray e = m.randomNormal(new Shape(2, 3, 16));
            NDArray mask = m.create(new long[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = c.forward(new ParameterStore(m, false), new NDList(e, mask), true);
                assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 1));
                // cross-entropy on the answer token, as training does
                NDArray logProb = out.get(1).logSoftmax(1).get(":, " + SMALL.anomalousId());
                gc.backward(logProb.neg().mean());
            }
            c.getParameters().forEach(p -> assertThat(p.getValue().getArray().getGradient().abs().sum().getFloat())
                    .as(p.getKey()).isGreaterThan(0f));
        }
    }
}
