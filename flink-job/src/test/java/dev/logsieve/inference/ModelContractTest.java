package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelMetadataResponse.TensorMetadata;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelContract#check} on the metadata a server reports, for a classifier with and without
 * the optional retrieved-context inputs ({@link ModelContract#CLASSIFIER_CONTEXT_INPUTS}).
 */
class ModelContractTest {

    private static final ModelMetadataResponse ENCODER = ModelMetadataResponse.newBuilder()
            .setName(ModelContract.ENCODER_MODEL)
            .addInputs(tensor("input_ids", "INT64", -1, -1))
            .addInputs(tensor("attention_mask", "INT64", -1, -1))
            .addInputs(tensor("token_type_ids", "INT64", -1, -1))
            .addOutputs(tensor("embedding", "FP32", -1, 384))
            .build();

    private static TensorMetadata tensor(String name, String datatype, long... shape) {
        TensorMetadata.Builder t = TensorMetadata.newBuilder().setName(name).setDatatype(datatype);
        for (long s : shape) {
            t.addShape(s);
        }
        return t.build();
    }

    /** The classifier's metadata with the given context inputs (names; shapes as the contract says, width d). */
    private static ModelMetadataResponse classifier(long d, String... contextInputs) {
        ModelMetadataResponse.Builder m = ModelMetadataResponse.newBuilder()
                .setName(ModelContract.CLASSIFIER_MODEL)
                .addInputs(tensor("message_embeddings", "FP32", -1, -1, 384))
                .addInputs(tensor("message_mask", "INT64", -1, -1));
        for (String name : contextInputs) {
            m.addInputs(name.equals("context_embeddings") ? tensor(name, "FP32", -1, -1, d) : tensor(name, "INT64", -1, -1));
        }
        return m.addOutputs(tensor("p_anomalous", "FP32", -1, 1)).build();
    }

    @Test
    void aClassifierWithoutContextPassesAndTakesNone() throws IOException {
        ModelMetadataResponse c = classifier(384);
        assertThat(ModelContract.check("host:8001", ENCODER, c)).isEqualTo(384);
        assertThat(ModelContract.takesContext(c)).isFalse();
    }

    @Test
    void aClassifierWithBothContextInputsPassesAndTakesContext() throws IOException {
        ModelMetadataResponse c = classifier(384, "context_embeddings", "context_mask");
        assertThat(ModelContract.check("host:8001", ENCODER, c)).isEqualTo(384);
        assertThat(ModelContract.takesContext(c)).isTrue();
    }

    @Test
    void aClassifierWithOnlyOneContextInputFailsNamingTheOther() {
        ModelMetadataResponse onlyEmbeddings = classifier(384, "context_embeddings");
        assertThat(ModelContract.takesContext(onlyEmbeddings)).isTrue();
        assertThatThrownBy(() -> ModelContract.check("host:8001", ENCODER, onlyEmbeddings))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model 'logllm_classifier' on host:8001")
                .hasMessageContaining("input 'context_mask' is missing")
                .hasMessageContaining("INT64 [-1, -1]");

        ModelMetadataResponse onlyMask = classifier(384, "context_mask");
        assertThat(ModelContract.takesContext(onlyMask)).isTrue();
        assertThatThrownBy(() -> ModelContract.check("host:8001", ENCODER, onlyMask))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("input 'context_embeddings' is missing")
                .hasMessageContaining("FP32 [-1, -1, 384]");
    }

    @Test
    void contextEmbeddingsOfAnotherWidthThanTheEncoderFail() {
        assertThatThrownBy(() -> ModelContract.check("host:8001", ENCODER,
                classifier(128, "context_embeddings", "context_mask")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("input 'context_embeddings' has width 128")
                .hasMessageContaining("D = 384");
    }

    @Test
    void aContextMaskOfTheWrongTypeFails() {
        ModelMetadataResponse c = classifier(384, "context_embeddings").toBuilder()
                .addInputs(tensor("context_mask", "INT32", -1, -1)).build();
        assertThatThrownBy(() -> ModelContract.check("host:8001", ENCODER, c))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("input 'context_mask' is INT32 [-1, -1], expected INT64 [-1, -1]");
    }

    @Test
    void theContextInputsAreTheOnlyOptionalOnes() {
        assertThat(ModelContract.CLASSIFIER_CONTEXT_INPUTS).containsExactly("context_embeddings", "context_mask");
        ModelMetadataResponse c = classifier(384, "context_embeddings", "context_mask").toBuilder()
                .addInputs(tensor("retrieved_ids", "INT64", -1, -1)).build();
        assertThatThrownBy(() -> ModelContract.check("host:8001", ENCODER, c))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has an input 'retrieved_ids' that Logsieve does not send")
                .hasMessageContaining(List.of("message_embeddings", "message_mask", "context_embeddings", "context_mask")
                        .toString());
    }
}
