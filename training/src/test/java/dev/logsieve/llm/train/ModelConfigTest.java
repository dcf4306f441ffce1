package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import dev.logsieve.inference.ModelConfigs;
import dev.logsieve.inference.ModelContract;
import dev.logsieve.inference.proto.DataType;
import dev.logsieve.inference.proto.ModelConfig;
import dev.logsieve.inference.proto.ModelInput;
import dev.logsieve.inference.proto.ModelInstanceGroup;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelOptimizationPolicy.ExecutionAccelerators.Accelerator;
import dev.logsieve.inference.proto.ModelOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed config.pbtxt templates and the exporters' configs parse into this project's
 * subset of Triton's ModelConfig, say what the contract says, and survive the binary wire format.
 */
class ModelConfigTest {

    private static final Path TEMPLATES = Path.of("..", "triton-models");

    private static String template(String model) throws Exception {
        return Files.readString(TEMPLATES.resolve(model).resolve(ModelConfigs.FILE));
    }

    @Test
    void encoderTemplateAndExportParse() throws Exception {
        for (String text : List.of(template(ModelContract.ENCODER_MODEL), EncoderExport.tritonConfig(384, 64))) {
            ModelConfig c = checkCommon(ModelConfigs.parse(text), ModelContract.ENCODER_MODEL);
            assertThat(c.getInputList()).extracting(ModelInput::getName).containsExactlyElementsOf(ModelContract.ENCODER_INPUTS);
            for (ModelInput in : c.getInputList()) {
                assertThat(in.getDataType()).isEqualTo(DataType.TYPE_INT64);
                assertThat(in.getDimsList()).containsExactly(-1L);
            }
            assertThat(c.getOutputList()).singleElement().satisfies(out -> {
                assertThat(out.getName()).isEqualTo(ModelContract.ENCODER_OUTPUT);
                assertThat(out.getDataType()).isEqualTo(DataType.TYPE_FP32);
                assertThat(out.getDimsList()).containsExactly(384L);
            });
        }
    }

    @Test
    void classifierTemplateAndExportParse() throws Exception {
        for (String text : List.of(template(ModelContract.CLASSIFIER_MODEL), ClassifierRepository.tritonConfig(384, 64))) {
            ModelConfig c = checkCommon(ModelConfigs.parse(text), ModelContract.CLASSIFIER_MODEL);
            assertThat(c.getInputList()).extracting(ModelInput::getName)
                    .containsExactlyElementsOf(ModelContract.CLASSIFIER_INPUTS);
            assertThat(c.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
            assertThat(c.getInput(0).getDimsList()).containsExactly(-1L, 384L);
            assertThat(c.getInput(1).getDataType()).isEqualTo(DataType.TYPE_INT64);
            assertThat(c.getInput(1).getDimsList()).containsExactly(-1L);
            assertThat(c.getOutputList()).extracting(ModelOutput::getName).containsExactly(ModelContract.CLASSIFIER_OUTPUT);
            assertThat(c.getOutput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
            assertThat(c.getOutput(0).getDimsList()).containsExactly(1L);
            assertThat(c.hasOptimization()).as("the TensorRT block is commented out").isFalse();
        }
    }

    @Test
    void theCommentedTensorRtBlockParsesOnceUncommented() throws Exception {
        String text = template(ModelContract.CLASSIFIER_MODEL);
        int block = text.indexOf("# optimization");
        assertThat(block).as("template has a commented optimization block").isPositive();
        String uncommented = text.substring(0, block) + text.substring(block).lines()
                .map(l -> l.startsWith("# ") ? l.substring(2) : l)
                .collect(Collectors.joining("\n"));

        ModelConfig c = checkCommon(ModelConfigs.parse(uncommented), ModelContract.CLASSIFIER_MODEL);

        List<Accelerator> gpu = c.getOptimization().getExecutionAccelerators().getGpuExecutionAcceleratorList();
        assertThat(gpu).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("tensorrt");
            assertThat(a.getParametersMap()).containsEntry("precision_mode", "FP16")
                    .containsEntry("max_workspace_size_bytes", "1073741824");
        });
    }

    @Test
    void theExportersWriteWhatIsCommitted() throws Exception {
        assertThat(ModelConfigs.parse(EncoderExport.tritonConfig(384, 64)))
                .isEqualTo(ModelConfigs.parse(template(ModelContract.ENCODER_MODEL)));
        assertThat(ModelConfigs.parse(ClassifierRepository.tritonConfig(384, 64)))
                .isEqualTo(ModelConfigs.parse(template(ModelContract.CLASSIFIER_MODEL)));
    }

    @Test
    void metadataDerivedFromTheConfigsMeetsTheContract() throws Exception {
        ModelMetadataResponse encoder = ModelConfigs.metadata(ModelConfigs.parse(template(ModelContract.ENCODER_MODEL)),
                List.of("1"));
        ModelMetadataResponse classifier = ModelConfigs.metadata(
                ModelConfigs.parse(template(ModelContract.CLASSIFIER_MODEL)), List.of("1"));

        assertThat(encoder.getInputs(0).getShapeList()).containsExactly(-1L, -1L);
        assertThat(encoder.getInputs(0).getDatatype()).isEqualTo("INT64");
        assertThat(encoder.getOutputs(0).getShapeList()).containsExactly(-1L, 384L);
        assertThat(classifier.getInputs(0).getShapeList()).containsExactly(-1L, -1L, 384L);
        assertThat(classifier.getOutputs(0).getShapeList()).containsExactly(-1L, 1L);
        assertThat(ModelContract.check("test", encoder, classifier)).isEqualTo(384);
    }

    @Test
    void aClassifierConfigWithContextDeclaresTheContextInputsAndMeetsTheContract() throws Exception {
        assertThat(ClassifierRepository.tritonConfig(384, 64, false)).isEqualTo(ClassifierRepository.tritonConfig(384, 64));
        ModelConfig c = checkCommon(ModelConfigs.parse(ClassifierRepository.tritonConfig(384, 64, true)),
                ModelContract.CLASSIFIER_MODEL);
        assertThat(c.getInputList()).extracting(ModelInput::getName).containsExactly("message_embeddings", "message_mask",
                "context_embeddings", "context_mask");
        assertThat(c.getInput(2).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(c.getInput(2).getDimsList()).containsExactly(-1L, 384L);
        assertThat(c.getInput(3).getDataType()).isEqualTo(DataType.TYPE_INT64);
        assertThat(c.getInput(3).getDimsList()).containsExactly(-1L);
        // apart from the two inputs, the same configuration as without context
        assertThat(c.toBuilder().removeInput(3).removeInput(2).build())
                .isEqualTo(ModelConfigs.parse(ClassifierRepository.tritonConfig(384, 64)));

        ModelMetadataResponse encoder = ModelConfigs.metadata(ModelConfigs.parse(template(ModelContract.ENCODER_MODEL)),
                List.of("1"));
        ModelMetadataResponse classifier = ModelConfigs.metadata(c, List.of("1"));
        assertThat(classifier.getInputs(2).getShapeList()).containsExactly(-1L, -1L, 384L);
        assertThat(classifier.getInputs(3).getShapeList()).containsExactly(-1L, -1L);
        assertThat(ModelContract.check("test", encoder, classifier)).isEqualTo(384);
        assertThat(ModelContract.takesContext(classifier)).isTrue();
        assertThat(ModelContract.takesContext(ModelConfigs.metadata(
                ModelConfigs.parse(template(ModelContract.CLASSIFIER_MODEL)), List.of("1")))).isFalse();
    }

    @Test
    void aFieldOutsideTheSubsetIsReportedNotIgnored() {
        assertThatThrownBy(() -> ModelConfigs.parse("name: \"x\"\nsequence_batching { }\n"))
                .isInstanceOf(TextFormat.ParseException.class)
                .hasMessageContaining("sequence_batching");
    }

    private static ModelConfig checkCommon(ModelConfig c, String name) throws Exception {
        assertThat(c.getName()).isEqualTo(name);
        assertThat(c.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(c.getMaxBatchSize()).isPositive();
        assertThat(c.hasDynamicBatching()).isTrue();
        assertThat(c.getInstanceGroupList()).extracting(ModelInstanceGroup::getKind)
                .containsExactly(ModelInstanceGroup.Kind.KIND_GPU);
        assertThat(ModelConfig.parseFrom(c.toByteArray())).isEqualTo(c);
        assertThat(ModelConfigs.parse(TextFormat.printer().printToString(c))).isEqualTo(c);
        return c;
    }
}
