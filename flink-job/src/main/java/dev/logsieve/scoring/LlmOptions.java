package dev.logsieve.scoring;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The LLM member's settings in the job: where its models run (in-process or Triton), micro-batching, Async I/O, caches, the circuit breaker and the Triton client. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class LlmOptions {
    private LlmOptions() {}

    public static final ConfigOption<String> LLM_TRITON = ConfigOptions.key("logsieve.llm.triton")
            .stringType().noDefaultValue()
            .withDescription("HOST:PORT of a Triton Inference Server (gRPC, usually port 8001) that serves the bundle's triton/ repository. Absent: the LLM member runs in-process on ONNX Runtime with the same model files.");

    public static final ConfigOption<String> LLM_CONTEXT = ConfigOptions.key("logsieve.llm.context")
            .stringType().noDefaultValue()
            .withDescription("A knowledge file (JSON lines {\"match\": keyword or regex, \"text\": description}) to retrieve each sequence's context from, in place of the one the bundle's LLM member was trained with (llm/knowledge.jsonl). Only for a member trained with --context; every TaskManager must be able to read the file.");

    public static final ConfigOption<Integer> LLM_BATCH_SIZE = ConfigOptions.key("logsieve.llm.batch-size")
            .intType().defaultValue(32)
            .withDescription("Micro-batching: most sequences per classifier call.");

    public static final ConfigOption<Duration> LLM_BATCH_WAIT = ConfigOptions.key("logsieve.llm.batch-wait")
            .durationType().defaultValue(Duration.ofMillis(10))
            .withDescription("Micro-batching: longest a sequence waits for its batch to fill before the batch is sent.");

    public static final ConfigOption<Integer> LLM_CAPACITY = ConfigOptions.key("logsieve.llm.capacity")
            .intType().defaultValue(1000)
            .withDescription("Async I/O capacity: most sequences waiting for an LLM score per parallel instance (back-pressure beyond).");

    public static final ConfigOption<Duration> LLM_TIMEOUT = ConfigOptions.key("logsieve.llm.timeout")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("A sequence whose LLM score has not arrived after this long is judged without it (degraded).");

    public static final ConfigOption<Boolean> LLM_EXPLAIN = ConfigOptions.key("logsieve.llm.explain")
            .booleanType().defaultValue(true)
            .withDescription("When the LLM member votes a sequence anomalous, score it again without each of its templates' lines (up to 32, one batch) so that the verdict's evidence names the messages that moved the score most. Costs one classifier call of that many sequences per such sequence; false saves it.");

    public static final ConfigOption<Integer> LLM_THREADS = ConfigOptions.key("logsieve.llm.threads")
            .intType().defaultValue(1)
            .withDescription("In-process backend: ONNX Runtime threads per call, per parallel instance.");

    public static final ConfigOption<String> LLM_EXECUTION_PROVIDER = ConfigOptions.key("logsieve.llm.execution-provider")
            .stringType().defaultValue("cpu")
            .withDescription("In-process backend: where ONNX Runtime runs the models, cpu or cuda (a GPU; needs the job built with 'mvn -Pgpu', which brings ONNX Runtime's GPU build, and CUDA and cuDNN on the machine).");

    public static final ConfigOption<Integer> LLM_CUDA_DEVICE = ConfigOptions.key("logsieve.llm.cuda-device")
            .intType().defaultValue(0)
            .withDescription("In-process backend with the cuda execution provider: the GPU's device number.");

    public static final ConfigOption<Integer> LLM_EMBEDDING_CACHE = ConfigOptions.key("logsieve.llm.embedding-cache-size")
            .intType().defaultValue(100_000)
            .withDescription("Template embeddings kept per parallel instance (least recently used evicted); the encoder runs only for the others.");

    public static final ConfigOption<Integer> LLM_BREAKER_FAILURES = ConfigOptions.key("logsieve.llm.breaker.failures")
            .intType().defaultValue(3)
            .withDescription("Circuit breaker: consecutive failed model calls that open it; while open, sequences are judged without the LLM member (degraded) and no call is made.");

    public static final ConfigOption<Duration> LLM_BREAKER_OPEN = ConfigOptions.key("logsieve.llm.breaker.open-for")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Circuit breaker: how long it stays open before one trial call.");

    public static final ConfigOption<Duration> LLM_DEADLINE = ConfigOptions.key("logsieve.llm.triton.deadline")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Triton: deadline of one gRPC call, retries included.");

    public static final ConfigOption<Integer> LLM_RETRIES = ConfigOptions.key("logsieve.llm.triton.retries")
            .intType().defaultValue(3)
            .withDescription("Triton: retries of a call that failed with UNAVAILABLE (exponential backoff), within the deadline.");

    public static final ConfigOption<MemorySize> LLM_MAX_MESSAGE = ConfigOptions.key("logsieve.llm.triton.max-message-size")
            .memoryType().defaultValue(MemorySize.parse("64mb"))
            .withDescription("Triton: largest gRPC message sent or received.");

    public static final ConfigOption<Boolean> LLM_TLS = ConfigOptions.key("logsieve.llm.triton.tls")
            .booleanType().defaultValue(false)
            .withDescription("Triton: connect with TLS.");

    public static final ConfigOption<String> LLM_CA_CERT = ConfigOptions.key("logsieve.llm.triton.ca-cert")
            .stringType().noDefaultValue()
            .withDescription("Triton with TLS: PEM file of the certificate authority to trust (default: the JVM's).");

    public static final ConfigOption<String> LLM_TOKEN_FILE = ConfigOptions.key("logsieve.llm.triton.token-file")
            .stringType().noDefaultValue()
            .withDescription("Triton: file holding a bearer token sent as 'authorization: Bearer <token>' (e.g. a mounted Kubernetes secret).");
}
