package dev.logsieve.inference;

import ai.onnxruntime.OrtException;
import com.google.protobuf.ByteString;
import dev.logsieve.inference.proto.GRPCInferenceServiceGrpc;
import dev.logsieve.inference.proto.InferTensorContents;
import dev.logsieve.inference.proto.ModelConfig;
import dev.logsieve.inference.proto.ModelConfigRequest;
import dev.logsieve.inference.proto.ModelConfigResponse;
import dev.logsieve.inference.proto.ModelInferRequest.InferInputTensor;
import dev.logsieve.inference.proto.ModelInferRequest.InferRequestedOutputTensor;
import dev.logsieve.inference.proto.ModelInferRequest;
import dev.logsieve.inference.proto.ModelInferResponse.InferOutputTensor;
import dev.logsieve.inference.proto.ModelInferResponse;
import dev.logsieve.inference.proto.ModelInput;
import dev.logsieve.inference.proto.ModelMetadataRequest;
import dev.logsieve.inference.proto.ModelMetadataResponse;
import dev.logsieve.inference.proto.ModelOutput;
import dev.logsieve.inference.proto.ModelReadyRequest;
import dev.logsieve.inference.proto.ModelReadyResponse;
import dev.logsieve.inference.proto.ServerLiveRequest;
import dev.logsieve.inference.proto.ServerLiveResponse;
import dev.logsieve.inference.proto.ServerMetadataRequest;
import dev.logsieve.inference.proto.ServerMetadataResponse;
import dev.logsieve.inference.proto.ServerReadyRequest;
import dev.logsieve.inference.proto.ServerReadyResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GRPCInferenceService} over the two ONNX models of a repository (see
 * {@link InferenceServer}): validates requests against each model's {@code config.pbtxt} as
 * Triton does, then runs the model.
 */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase implements AutoCloseable {

    /** The one version served, the repository's folder {@code 1}. */
    static final String VERSION = "1";

    /** A decoded tensor: INT64 values in {@code int64}, FP32 in {@code fp32}. */
    record Tensor(String name, String datatype, long[] shape, long[] int64, float[] fp32) {
    }

    private record Model(ModelConfig config, ModelMetadataResponse metadata, Function<Map<String, Tensor>, List<Tensor>> run) {
    }

    private final Map<String, Model> models = new LinkedHashMap<>();
    private final OnnxEncoder encoder;
    private final OnnxClassifier classifier;

    InferenceService(ModelConfig encoderConfig, OnnxEncoder encoder, ModelConfig classifierConfig,
            OnnxClassifier classifier) {
        this.encoder = encoder;
        this.classifier = classifier;
        add(ModelContract.ENCODER_MODEL, encoderConfig, this::runEncoder);
        add(ModelContract.CLASSIFIER_MODEL, classifierConfig, this::runClassifier);
    }

    private void add(String name, ModelConfig config, Function<Map<String, Tensor>, List<Tensor>> run) {
        ModelConfig c = config.getName().isEmpty() ? config.toBuilder().setName(name).build() : config;
        models.put(name, new Model(c, ModelConfigs.metadata(c, List.of(VERSION)), run));
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        reply(out, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        reply(out, ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        String version = InferenceService.class.getPackage().getImplementationVersion();
        reply(out, ServerMetadataResponse.newBuilder().setName("logsieve-inference-server")
                .setVersion(version == null ? "dev" : version).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        boolean ready = models.containsKey(request.getName())
                && (request.getVersion().isEmpty() || request.getVersion().equals(VERSION));
        reply(out, ModelReadyResponse.newBuilder().setReady(ready).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        try {
            reply(out, model(request.getName(), request.getVersion()).metadata());
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
        try {
            reply(out, ModelConfigResponse.newBuilder().setConfig(model(request.getName(), request.getVersion()).config())
                    .build());
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        try {
            Model m = model(request.getModelName(), request.getModelVersion());
            List<Tensor> outputs = m.run().apply(decode(m.config(), request));
            reply(out, response(m.config(), request, outputs));
        } catch (StatusRuntimeException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription("model '" + request.getModelName() + "' failed: " + e.getMessage())
                    .withCause(e).asRuntimeException());
        }
    }

    private Model model(String name, String version) {
        Model m = models.get(name);
        if (m == null) {
            throw Status.NOT_FOUND.withDescription("Request for unknown model: '" + name + "' is not found; this server"
                    + " serves " + models.keySet()).asRuntimeException();
        }
        if (!version.isEmpty() && !version.equals(VERSION)) {
            throw Status.NOT_FOUND.withDescription("model '" + name + "' has no version " + version
                    + "; this server serves version " + VERSION).asRuntimeException();
        }
        return m;
    }

    /** The request's inputs by name, checked against the model's configuration. */
    private static Map<String, Tensor> decode(ModelConfig config, ModelInferRequest request) {
        String model = "model '" + config.getName() + "'";
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw invalid(model + ": expected " + request.getInputsCount() + " raw_input_contents (one per input, in"
                    + " the order of inputs), got " + raw);
        }
        Map<String, ModelInput> expected = new LinkedHashMap<>();
        for (ModelInput in : config.getInputList()) {
            expected.put(in.getName(), in);
        }
        Map<String, Tensor> tensors = new HashMap<>();
        long batch = -1;
        for (int i = 0; i < request.getInputsCount(); i++) {
            InferInputTensor t = request.getInputs(i);
            ModelInput spec = expected.get(t.getName());
            String what = model + ", input '" + t.getName() + "'";
            if (spec == null) {
                throw invalid("unexpected inference input '" + t.getName() + "' for " + model + "; its inputs are "
                        + expected.keySet());
            }
            if (tensors.containsKey(t.getName())) {
                throw invalid(what + " is given twice");
            }
            String datatype = ModelConfigs.datatype(spec.getDataType());
            if (!t.getDatatype().equals(datatype)) {
                throw invalid(what + " has datatype " + t.getDatatype() + ", expected " + datatype);
            }
            long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            checkShape(config, spec, what, shape);
            if (batch >= 0 && shape[0] != batch) {
                throw invalid(what + " has batch size " + shape[0] + ", another input " + batch);
            }
            batch = shape[0];
            tensors.put(t.getName(), raw > 0
                    ? fromRaw(t.getName(), datatype, shape, request.getRawInputContents(i), what)
                    : fromContents(t.getName(), datatype, shape, t.getContents(), what));
        }
        for (String name : expected.keySet()) {
            if (!tensors.containsKey(name)) {
                throw invalid(model + ": missing input '" + name + "'; it needs " + expected.keySet());
            }
        }
        return tensors;
    }

    private static void checkShape(ModelConfig config, ModelInput spec, String what, long[] shape) {
        List<Long> dims = spec.getDimsList();
        boolean ok = shape.length == dims.size() + 1 && shape[0] >= 1 && shape[0] <= config.getMaxBatchSize();
        for (int j = 0; ok && j < dims.size(); j++) {
            ok = dims.get(j) == -1 ? shape[j + 1] >= 1 : shape[j + 1] == dims.get(j);
        }
        if (!ok) {
            throw invalid(what + " has shape " + Arrays.toString(shape) + ", expected [batch, " + dims.toString()
                    .replaceAll("^\\[|\\]$", "") + "] with batch 1.." + config.getMaxBatchSize() + " (-1: any size >= 1)");
        }
    }

    private static Tensor fromRaw(String name, String datatype, long[] shape, ByteString bytes, String what) {
        long n = elements(shape);
        int size = datatype.equals("INT64") ? TensorCodec.INT64_BYTES : TensorCodec.FP32_BYTES;
        if (bytes.size() != n * size) {
            throw invalid(what + ": raw_input_contents has " + bytes.size() + " bytes, expected " + n * size + " for "
                    + datatype + " " + Arrays.toString(shape));
        }
        return datatype.equals("INT64")
                ? new Tensor(name, datatype, shape, TensorCodec.toInt64(bytes), null)
                : new Tensor(name, datatype, shape, null, TensorCodec.toFp32(bytes));
    }

    private static Tensor fromContents(String name, String datatype, long[] shape, InferTensorContents c, String what) {
        long n = elements(shape);
        int count = datatype.equals("INT64") ? c.getInt64ContentsCount() : c.getFp32ContentsCount();
        if (count != n) {
            throw invalid(what + ": " + count + " values in contents, expected " + n + " for " + datatype + " "
                    + Arrays.toString(shape) + " (or send raw_input_contents)");
        }
        if (datatype.equals("INT64")) {
            return new Tensor(name, datatype, shape, c.getInt64ContentsList().stream().mapToLong(Long::longValue).toArray(),
                    null);
        }
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = c.getFp32Contents(i);
        }
        return new Tensor(name, datatype, shape, null, f);
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private List<Tensor> runEncoder(Map<String, Tensor> in) {
        Tensor ids = in.get(ModelContract.ENCODER_INPUTS.get(0));
        for (String name : ModelContract.ENCODER_INPUTS) {
            if (!Arrays.equals(in.get(name).shape(), ids.shape())) {
                throw invalid("model '" + ModelContract.ENCODER_MODEL + "': inputs " + ModelContract.ENCODER_INPUTS
                        + " must have the same shape; '" + name + "' is " + Arrays.toString(in.get(name).shape())
                        + ", '" + ids.name() + "' " + Arrays.toString(ids.shape()));
            }
        }
        int b = (int) ids.shape()[0];
        int length = (int) ids.shape()[1];
        float[][] rows = encoder.run(new MessageTokenizer.TokenBatch(b, length, ids.int64(),
                in.get(ModelContract.ENCODER_INPUTS.get(1)).int64(), in.get(ModelContract.ENCODER_INPUTS.get(2)).int64()));
        int d = encoder.dimension();
        float[] flat = new float[b * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return List.of(new Tensor(ModelContract.ENCODER_OUTPUT, "FP32", new long[] {b, d}, null, flat));
    }

    private List<Tensor> runClassifier(Map<String, Tensor> in) {
        Tensor emb = in.get(ModelContract.CLASSIFIER_INPUTS.get(0));
        Tensor mask = in.get(ModelContract.CLASSIFIER_INPUTS.get(1));
        if (mask.shape()[0] != emb.shape()[0] || mask.shape()[1] != emb.shape()[1]) {
            throw invalid("model '" + ModelContract.CLASSIFIER_MODEL + "': '" + mask.name() + "' "
                    + Arrays.toString(mask.shape()) + " must be the first two dimensions of '" + emb.name() + "' "
                    + Arrays.toString(emb.shape()));
        }
        int b = (int) emb.shape()[0];
        // A model with retrieved context declares both context inputs, so decode() has checked that both came.
        LlmBackend.Context context = null;
        Tensor ctx = in.get(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(0));
        if (ctx != null) {
            Tensor ctxMask = in.get(ModelContract.CLASSIFIER_CONTEXT_INPUTS.get(1));
            if (ctxMask.shape()[0] != ctx.shape()[0] || ctxMask.shape()[1] != ctx.shape()[1]) {
                throw invalid("model '" + ModelContract.CLASSIFIER_MODEL + "': '" + ctxMask.name() + "' "
                        + Arrays.toString(ctxMask.shape()) + " must be the first two dimensions of '" + ctx.name() + "' "
                        + Arrays.toString(ctx.shape()));
            }
            context = new LlmBackend.Context(ctx.fp32(), ctxMask.int64(), (int) ctx.shape()[1]);
        }
        float[] p = classifier.predict(emb.fp32(), mask.int64(), b, (int) emb.shape()[1], context);
        return List.of(new Tensor(ModelContract.CLASSIFIER_OUTPUT, "FP32", new long[] {b, 1}, null, p));
    }

    private static ModelInferResponse response(ModelConfig config, ModelInferRequest request, List<Tensor> outputs) {
        List<String> wanted = new ArrayList<>();
        for (InferRequestedOutputTensor o : request.getOutputsList()) {
            if (config.getOutputList().stream().map(ModelOutput::getName).noneMatch(o.getName()::equals)) {
                throw invalid("unexpected inference output '" + o.getName() + "' for model '" + config.getName() + "'");
            }
            wanted.add(o.getName());
        }
        ModelInferResponse.Builder r = ModelInferResponse.newBuilder()
                .setModelName(config.getName())
                .setModelVersion(VERSION)
                .setId(request.getId());
        for (Tensor t : outputs) {
            if (!wanted.isEmpty() && !wanted.contains(t.name())) {
                continue;
            }
            r.addOutputs(InferOutputTensor.newBuilder().setName(t.name()).setDatatype(t.datatype())
                    .addAllShape(Arrays.stream(t.shape()).boxed().toList()));
            r.addRawOutputContents(t.fp32() != null ? TensorCodec.fp32(t.fp32()) : TensorCodec.int64(t.int64()));
        }
        return r.build();
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } catch (OrtException e) {
            // native memory only
        }
        try {
            classifier.close();
        } catch (OrtException e) {
            // as above
        }
    }
}
