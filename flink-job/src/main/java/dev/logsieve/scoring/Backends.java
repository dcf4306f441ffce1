package dev.logsieve.scoring;

import dev.logsieve.job.LogsieveOptions;
import dev.logsieve.llm.LlmBackend;
import dev.logsieve.llm.LlmFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;

/** Opens the LLM member's models where the configuration says: Triton, or in-process. */
public final class Backends {
    private Backends() {}

    /**
     * The backend for a bundle: Triton when {@link LogsieveOptions#LLM_TRITON} is set, else ONNX
     * Runtime in this process over the bundle's {@code triton/} repository.
     */
    public static LlmBackend open(ReadableConfig conf, Path bundle, int maxTokens) throws IOException {
        return LlmFiles.openInProcess(bundle, maxTokens, conf.get(LogsieveOptions.LLM_THREADS));
    }
}
