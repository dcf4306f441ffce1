package dev.logsieve.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * How the in-process backend's ONNX Runtime sessions run: threads per call and the execution
 * provider, the CPU (the default, and the only one the build's {@code onnxruntime} artifact has)
 * or CUDA on one GPU.
 *
 * <p>CUDA needs ONNX Runtime's GPU build, {@code com.microsoft.onnxruntime:onnxruntime_gpu}, in
 * place of the CPU artifact: {@code mvn -Pgpu} builds the job with it (flink-job's pom), and the
 * machine needs the CUDA and cuDNN libraries that ONNX Runtime release names. The CPU artifact
 * refuses CUDA when the session opens; {@link #sessionOptions()} then says what to do.
 *
 * @param intraOpThreads ONNX Runtime threads per call (on the CPU; with CUDA the GPU does the work)
 * @param provider where the models run
 * @param device the CUDA device number (ignored on the CPU)
 */
public record OrtSettings(int intraOpThreads, Provider provider, int device) {

    /** ONNX Runtime execution providers the backend can ask for. */
    public enum Provider {
        CPU, CUDA;

        /** The provider of a setting's value ({@code cpu} or {@code cuda}, any case). */
        public static Provider parse(String value) {
            for (Provider p : values()) {
                if (p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not an execution provider: cpu or cuda");
        }
    }

    public OrtSettings {
        if (intraOpThreads <= 0) {
            throw new IllegalArgumentException("intraOpThreads must be positive: " + intraOpThreads);
        }
        if (device < 0) {
            throw new IllegalArgumentException("the CUDA device number must not be negative: " + device);
        }
        java.util.Objects.requireNonNull(provider, "provider");
    }

    /** On the CPU with this many threads per call. */
    public static OrtSettings cpu(int intraOpThreads) {
        return new OrtSettings(intraOpThreads, Provider.CPU, 0);
    }

    /** New session options (the caller closes them): full graph optimisation, these threads and provider. */
    public OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(1);
            if (provider == Provider.CUDA) {
                o.addCUDA(device);
            }
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            if (provider != Provider.CUDA) {
                throw e;
            }
            throw new OrtException(String.format(Locale.ROOT, "ONNX Runtime cannot use CUDA device %d (%s). The CUDA "
                    + "execution provider needs ONNX Runtime's GPU build (build the job with 'mvn -Pgpu', which puts "
                    + "com.microsoft.onnxruntime:onnxruntime_gpu in place of onnxruntime) and the CUDA and cuDNN libraries "
                    + "on the machine; or set the execution provider back to cpu", device, e.getMessage()));
        }
    }
}
