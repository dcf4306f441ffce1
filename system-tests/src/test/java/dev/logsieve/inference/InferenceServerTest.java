package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc;
import dev.logsieve.inference.proto.ModelConfigRequest;
import dev.logsieve.inference.proto.ModelInferRequest.InferInputTensor;
import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.inference.proto.ModelInferResponse;
import dev.logsieve.inference.proto.ModelMetadataRequest;
import dev.logsieve.inference.proto.ModelMetadataResponse.TensorMetadata;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelReadyRequest;
import dev.logsieve.inference.proto.ServerLiveRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loopback server as a plain gRPC client (Triton's own clients, say) sees it. */
class InferenceServerTest {

    private static Path repository;
    private static InferenceServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void start() throws Exception {
        repository = TestRepository.get();
        server = InferenceServer.open(repository, 1).start(0);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void answersHealthAndReadiness() {
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(ready(ModelContract.ENCODER_MODEL, "")).isTrue();
        assertThat(ready(ModelContract.CLASSIFIER_MODEL, "1")).isTrue();
        assertThat(ready(ModelContract.CLASSIFIER_MODEL, "2")).isFalse();
        assertThat(ready("resnet50", "")).isFalse();
    }

    @Test
    void metadataIsTheContractWithTheBatchDimension() {
        ModelMetadataResponse enc = stub.modelMetadata(ModelMetadataRequest.newBuilder()
                .setName(ModelContract.ENCODER_MODEL).build());
        assertThat(enc.getVersionsList()).containsExactly("1");
        assertThat(enc.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(enc.getInputsList()).extracting(TensorMetadata::getName).containsExactlyElementsOf(ModelContract.ENCODER_INPUTS);
        assertThat(enc.getInputsList()).allSatisfy(t -> {
            assertThat(t.getDatatype()).isEqualTo("INT64");
            assertThat(t.getShapeList()).containsExactly(-1L, -1L);
        });
        assertThat(enc.getOutputs(0).getShapeList()).containsExactly(-1L, 384L);

        ModelMetadataResponse cls = stub.modelMetadata(ModelMetadataRequest.newBuilder()
                .setName(ModelContract.CLASSIFIER_MODEL).build());
        assertThat(cls.getInputs(0).getShapeList()).containsExactly(-1L, -1L, 384L);
        assertThat(cls.getOutputs(0).getName()).isEqualTo(ModelContract.CLASSIFIER_OUTPUT);
    }

    @Test
    void configIsTheRepositorysConfigPbtxt() throws Exception {
        assertThat(stub.modelConfig(ModelConfigRequest.newBuilder().setName(ModelContract.CLASSIFIER_MODEL).build())
                .getConfig()).isEqualTo(ModelConfigs.read(repository, ModelContract.CLASSIFIER_MODEL));
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("resnet50").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining("'resnet50'");
    }

    @Test
    void encodesTokenIdsIntoUnitVectors() {
        // "[CLS] error [SEP]" and "[CLS] disk full [SEP]" (MiniLM WordPiece ids), padded to 4
        long[] ids = {101, 7561, 102, 0, 101, 9785, 2440, 102};
        long[] mask = {1, 1, 1, 0, 1, 1, 1, 1};
        ModelInferResponse r = stub.modelInfer(encoderRequest(ids, mask, new long[8], "INT64", List.of(2L, 4L)));

        assertThat(r.getOutputs(0).getName()).isEqualTo(ModelContract.ENCODER_OUTPUT);
        assertThat(r.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(r.getOutputs(0).getShapeList()).containsExactly(2L, 384L);
        float[] flat = TensorCodec.toFp32(r.getRawOutputContents(0));
        assertThat(flat).hasSize(768);
        for (int row = 0; row < 2; row++) {
            double norm = 0;
            for (int j = 0; j < 384; j++) {
                norm += flat[row * 384 + j] * flat[row * 384 + j];
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void rejectsAWrongDatatypeNameOrShapeClearly() {
        long[] two = {101, 102};
        assertInvalid(encoderRequest(two, two, two, "INT32", List.of(1L, 2L)),
                "input 'input_ids' has datatype INT32, expected INT64");
        assertInvalid(encoderRequest(two, two, two, "INT64", List.of(2L)), "input 'input_ids' has shape [2]");
        assertInvalid(encoderRequest(two, two, two, "INT64", List.of(1L, 3L)), "has 16 bytes, expected 24");
        ModelInferRequest renamed = encoderRequest(two, two, two, "INT64", List.of(1L, 2L)).toBuilder()
                .setInputs(0, InferInputTensor.newBuilder().setName("ids").setDatatype("INT64").addShape(1).addShape(2))
                .build();
        assertInvalid(renamed, "unexpected inference input 'ids'");
        long[] many = new long[65 * 2];
        assertInvalid(encoderRequest(many, many, many, "INT64", List.of(65L, 2L)), "batch 1..64");
    }

    private static void assertInvalid(ModelInferRequest request, String message) {
        assertThatThrownBy(() -> stub.modelInfer(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    private static ModelInferRequest encoderRequest(long[] ids, long[] mask, long[] types, String datatype, List<Long> shape) {
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName(ModelContract.ENCODER_MODEL);
        long[][] values = {ids, mask, types};
        for (int i = 0; i < 3; i++) {
            r.addInputs(InferInputTensor.newBuilder().setName(ModelContract.ENCODER_INPUTS.get(i)).setDatatype(datatype)
                    .addAllShape(shape));
            r.addRawInputContents(TensorCodec.int64(values[i]));
        }
        return r.build();
    }

    private static boolean ready(String model, String version) {
        return stub.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion(version).build()).getReady();
    }
}
