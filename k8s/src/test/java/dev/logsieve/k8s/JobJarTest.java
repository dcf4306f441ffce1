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
}
