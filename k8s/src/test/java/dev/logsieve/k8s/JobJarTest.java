package dev.logsieve.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar the Flink image copies (flink-job's "job" classifier): it carries Logsieve
 * and what the flink image lacks, and none of Flink's own classes (which would shadow the
 * cluster's with child-first class loading). Skipped when flink-job has not been packaged.
 */
class JobJarTest {
    @Test
    void jobJarHasLogsieveAndItsLibrariesButNotFlink() throws Exception {
        Path jar = Manifests.REPO.resolve("flink-job/target/logsieve-flink-job-" + Manifests.VERSION + "-job.jar");
        assumeTrue(Files.exists(jar), "flink-job not packaged");
        Set<String> entries;
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = j.stream().map(e -> e.getName()).collect(Collectors.toSet());
        }
        assertThat(entries).contains(
                "dev/logsieve/kafka/StreamJob.class",
                "dev/logsieve/cli/JobMain.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "smile/classification/DecisionTree.class",
                "com/google/protobuf/Message.class",
                "picocli/CommandLine.class");
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/runtime/")
                || e.startsWith("org/apache/flink/streaming/api/environment/")
                || e.startsWith("org/apache/flink/configuration/")
                || e.startsWith("org/rocksdb/")
                || e.startsWith("org/apache/logging/log4j/")
                || e.startsWith("org/slf4j/")
                || e.startsWith("ai/onnxruntime/native/osx-")
                || e.startsWith("ai/onnxruntime/native/win-"));
    }

    /**
     * Issue 11's budget: at most 80 MB, natives only for the TaskManagers' platforms (Linux x86_64
     * and aarch64), and nothing that only training uses (MiniLM weights, PyTorch, DJL engines,
     * OpenBLAS) or that Flink's lib/ already has (the datagen connector).
     */
    @Test
    void jobJarIsLeanAndCarriesOnlyLinuxNatives() throws Exception {
        Path jar = Manifests.REPO.resolve("flink-job/target/logsieve-flink-job-" + Manifests.VERSION + "-job.jar");
        assumeTrue(Files.exists(jar), "flink-job not packaged");
        assertThat(Files.size(jar)).isLessThanOrEqualTo(80L * 1024 * 1024);
        Set<String> entries;
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = j.stream().map(e -> e.getName()).collect(Collectors.toSet());
        }
        assertThat(entries).noneMatch(e -> e.startsWith("org/bytedeco/")
                || e.startsWith("ai/djl/pytorch/")
                || e.startsWith("dev/langchain4j/")
                || e.endsWith(".onnx")
                || e.startsWith("org/apache/flink/connector/datagen/")
                || e.startsWith("dev/logsieve/generate/")
                || e.startsWith("dev/logsieve/training/"));
        Set<String> natives = entries.stream()
                .filter(e -> e.matches(".*\\.(so(\\.[0-9]+)*|dll|dylib|jnilib|a)$"))
                .collect(Collectors.toSet());
        assertThat(natives).isNotEmpty().allMatch(e -> (e.contains("linux") || e.contains("epoll")) && (e.contains("x86_64")
                || e.contains("x86-64") || e.contains("x64") || e.contains("amd64") || e.contains("aarch64")
                || e.contains("aarch_64")), "a native library for Linux x86_64 or aarch64 (epoll is Linux only)");
    }
}
