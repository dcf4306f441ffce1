package dev.logsieve.scoring;

import dev.logsieve.inference.LlmBackend;
import dev.logsieve.inference.MessageTokenizer;
import dev.logsieve.inference.OrtSettings;
import dev.logsieve.inference.TritonBackend;
import dev.logsieve.inference.TritonSettings;
import dev.logsieve.llm.LlmFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.configuration.ReadableConfig;

/** Opens the LLM member's models where the configuration says: Triton, or in-process. */
public final class Backends {
    private Backends() {}

    /**
     * The backend for a bundle: Triton when {@link LlmOptions#LLM_TRITON} is set (the client
     * tokenizes with the bundle's tokenizer), else ONNX Runtime in this process over the bundle's
     * {@code triton/} repository.
     */
    public static LlmBackend open(ReadableConfig conf, Path bundle, int maxTokens) throws IOException {
        if (conf.getOptional(LlmOptions.LLM_TRITON).isEmpty()) {
            return LlmFiles.openInProcess(bundle, maxTokens, ortSettings(conf));
        }
        return TritonBackend.open(tritonSettings(conf), MessageTokenizer.fromFile(LlmFiles.tokenizer(bundle), maxTokens));
    }

    /** The in-process backend's ONNX Runtime settings: threads, execution provider, CUDA device. */
    public static OrtSettings ortSettings(ReadableConfig conf) {
        OrtSettings.Provider provider;
        try {
            provider = OrtSettings.Provider.parse(conf.get(LlmOptions.LLM_EXECUTION_PROVIDER));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LlmOptions.LLM_EXECUTION_PROVIDER.key() + ": " + e.getMessage(), e);
        }
        try {
            return new OrtSettings(conf.get(LlmOptions.LLM_THREADS), provider, conf.get(LlmOptions.LLM_CUDA_DEVICE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LlmOptions.LLM_THREADS.key() + " / " + LlmOptions.LLM_CUDA_DEVICE.key()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The Triton client's settings from the {@code logsieve.llm.triton.*} options. */
    public static TritonSettings tritonSettings(ReadableConfig conf) throws IOException {
        TritonSettings s;
        try {
            s = TritonSettings.parse(conf.get(LlmOptions.LLM_TRITON));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LlmOptions.LLM_TRITON.key() + ": " + e.getMessage(), e);
        }
        int bytes = (int) Math.min(Integer.MAX_VALUE, conf.get(LlmOptions.LLM_MAX_MESSAGE).getBytes());
        s = s.withDeadline(conf.get(LlmOptions.LLM_DEADLINE))
                .withRetries(conf.get(LlmOptions.LLM_RETRIES), s.backoffInitial(), s.backoffMax())
                .withMessageLimits(bytes, bytes);
        if (conf.get(LlmOptions.LLM_TLS)) {
            s = s.withTls(conf.getOptional(LlmOptions.LLM_CA_CERT).map(Paths::get).orElse(null));
        }
        if (conf.getOptional(LlmOptions.LLM_TOKEN_FILE).isPresent()) {
            Path tokenFile = Paths.get(conf.get(LlmOptions.LLM_TOKEN_FILE));
            s = s.withBearerToken(Files.readString(tokenFile, StandardCharsets.UTF_8).trim());
        }
        return s;
    }
}
