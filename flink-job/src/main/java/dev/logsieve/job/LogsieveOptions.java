package dev.logsieve.job;

import dev.logsieve.window.Grouping;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every Logsieve setting, typed and documented once. They can be given on the command line (each
 * command's options map to these keys) or in Flink's {@code config.yaml}.
 */
public final class LogsieveOptions {
    private LogsieveOptions() {}

    public static final ConfigOption<String> FORMAT = ConfigOptions.key("logsieve.format")
            .stringType().defaultValue("hdfs")
            .withDescription("Input format: hdfs, bgl, thunderbird, liberty, spirit, custom or sequences.");

    public static final ConfigOption<String> CUSTOM_FORMAT = ConfigOptions.key("logsieve.format.custom")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': the line shape in <Field> notation, e.g. '<Date> <Time> <Level> <Component>: <Content>'.");

    public static final ConfigOption<String> SESSION_REGEX = ConfigOptions.key("logsieve.format.session-regex")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': a regex whose matches in the message are its session keys (group 1 if present).");

    public static final ConfigOption<String> TIMESTAMP_PATTERN = ConfigOptions.key("logsieve.format.timestamp-pattern")
            .stringType().noDefaultValue()
            .withDescription("For format 'custom': a java.time pattern for the Date/Time fields; guessed when absent.");

    public static final ConfigOption<Integer> DEFAULT_YEAR = ConfigOptions.key("logsieve.format.default-year")
            .intType().defaultValue(0)
            .withDescription("For format 'custom': the year of timestamps that carry none (syslog 'MMM d HH:mm:ss'); 0 = the current year. Set it for repeatable backfills.");

    public static final ConfigOption<Grouping.Type> WINDOW_TYPE = ConfigOptions.key("logsieve.window.type")
            .enumType(Grouping.Type.class).noDefaultValue()
            .withDescription("How lines form sequences: SESSION, COUNT or TIME. Default: SESSION for formats with session keys, else COUNT.");

    public static final ConfigOption<Duration> SESSION_GAP = ConfigOptions.key("logsieve.window.session-gap")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Streaming: a session ends after this much event time without a line for its key.");

    public static final ConfigOption<Boolean> WHOLE_INPUT_SESSIONS = ConfigOptions.key("logsieve.window.whole-input")
            .booleanType().defaultValue(false)
            .withDescription("Group each session key over the whole input (bounded runs): one sequence per key, as the data sets define them. Backfill sets this.");

    public static final ConfigOption<Integer> COUNT_SIZE = ConfigOptions.key("logsieve.window.count-size")
            .intType().defaultValue(100)
            .withDescription("Count windows: messages per window (LogLLM: 100).");

    public static final ConfigOption<Integer> COUNT_STEP = ConfigOptions.key("logsieve.window.count-step")
            .intType().defaultValue(100)
            .withDescription("Count windows: messages between window starts (LogLLM: 100, no overlap).");

    public static final ConfigOption<Duration> TIME_SIZE = ConfigOptions.key("logsieve.window.time-size")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Time windows: length of each tumbling event-time window.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("logsieve.watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How far behind the newest line a line may arrive and still join its sequence.");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("logsieve.watermark.idleness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("An input that sends nothing for this long stops holding back event time.");

    public static final ConfigOption<Boolean> WATERMARKS_AT_SOURCE = ConfigOptions.key("logsieve.watermark.at-source")
            .booleanType().defaultValue(false)
            .withDescription("The input assigns event time and watermarks itself, per partition (the Kafka input "
                    + "does, and sets this); the sequencer then keeps them instead of assigning its own per reader.");

    public static final ConfigOption<MemorySize> MAX_LINE = ConfigOptions.key("logsieve.input.max-line-bytes")
            .memoryType().defaultValue(MemorySize.parse("64kb"))
            .withDescription("Longer lines go to the dead-letter output (their start is kept there).");

    public static final ConfigOption<String> LABELS = ConfigOptions.key("logsieve.input.labels")
            .stringType().noDefaultValue()
            .withDescription("A session-labels file (BlockId,Label) whose labels are attached to sequences for reports.");

    public static final ConfigOption<Boolean> KEEP_MESSAGES = ConfigOptions.key("logsieve.sequence.keep-messages")
            .booleanType().defaultValue(true)
            .withDescription("Carry each line's masked message into its sequence. Only members that read text need "
                    + "them; backfill turns this off when the bundle has none, which makes shuffles much lighter.");

    public static final ConfigOption<Boolean> CACHE_ENABLED = ConfigOptions.key("logsieve.cache.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Answer a template-id sequence judged before from the verdict cache.");

    public static final ConfigOption<Duration> CACHE_TTL = ConfigOptions.key("logsieve.cache.ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("Streaming: a cached verdict not read or written for this long is removed.");

    public static final ConfigOption<String> BUNDLE = ConfigOptions.key("logsieve.models")
            .stringType().noDefaultValue()
            .withDescription("Model bundle directory written by 'logsieve train'.");

    // ---- members and the LLM member (DESIGN section 6) ----

    public static final ConfigOption<java.util.List<String>> MEMBERS = ConfigOptions.key("logsieve.members")
            .stringType().asList().defaultValues()
            .withDescription("The bundle's members that vote (dt, knn, mlp, llm), e.g. 'llm' to measure the LLM member alone. Empty: all of the bundle's members.");

    public static final ConfigOption<String> LLM_TRITON = ConfigOptions.key("logsieve.llm.triton")
            .stringType().noDefaultValue()
            .withDescription("HOST:PORT of a Triton Inference Server (gRPC, usually port 8001) that serves the bundle's triton/ repository. Absent: the LLM member runs in-process on ONNX Runtime with the same model files.");

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

    public static final ConfigOption<Integer> LLM_THREADS = ConfigOptions.key("logsieve.llm.threads")
            .intType().defaultValue(1)
            .withDescription("In-process backend: ONNX Runtime threads per call, per parallel instance.");

    public static final ConfigOption<Integer> LLM_EMBEDDING_CACHE = ConfigOptions.key("logsieve.llm.embedding-cache-size")
            .intType().defaultValue(100_000)
            .withDescription("Template embeddings kept per parallel instance (least recently used evicted); the encoder runs only for the others.");

    public static final ConfigOption<Integer> LLM_SCORE_CACHE = ConfigOptions.key("logsieve.llm.score-cache-size")
            .intType().defaultValue(100_000)
            .withDescription("LLM scores kept per parallel instance, by the template ids the classifier sees; a repeated sequence is not sent again.");

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
