package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void aThreadsCpuGoesToItsPartAndTheRestOfTheProcessToTheJvm() throws Exception {
        ThreadCpu before = ThreadCpu.now();
        Thread busy = new Thread(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() < 300_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, "busy");
        busy.start();
        // Measured while it still runs: a thread that has ended is not counted.
        while (ManagementFactory.getThreadMXBean().getThreadCpuTime(busy.getId()) < 250_000_000L) {
            Thread.sleep(10);
        }
        Map<String, Double> parts = ThreadCpu.now().since(before, name -> name.equals("busy") ? "busy" : "other");
        busy.join();

        assertThat(parts.get("busy")).isBetween(0.25, 0.30 + 0.05);
        assertThat(parts).containsKey(ThreadCpu.JVM);
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(parts).as("on Linux, the JVM's own threads split").containsKeys(ThreadCpu.JIT, ThreadCpu.GC);
        }
        assertThat(ThreadCpu.describe(Map.of("a", 1.25, "b", 2.0))).isEqualTo("b 2.0 s, a 1.3 s; total 3.3 s");
    }

    @Test
    void theJvmsOwnThreadsAreToldApartByTheNamesLinuxKeeps() {
        assertThat(ThreadCpu.jvmKind("C2 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.jvmKind("C1 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.jvmKind("GC Thread#1")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.jvmKind("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.jvmKind("VM Thread")).isNull();
    }

    @Test
    void threadsAreToldApartByTheNamesFlinkKafkaAndTheBenchmarkGiveThem() {
        assertThat(StreamBenchmark.partOf("Source: lines: kafka lines -> parse-and-mask -> combine-sessions (2/2)#0"))
                .isEqualTo("job: lines");
        assertThat(StreamBenchmark.partOf("Source Data Fetcher for Source: lines: kafka lines -> parse-and-mask -> "
                + "combine-sessions (1/2)#0")).isEqualTo("job: lines");
        assertThat(StreamBenchmark.partOf("sequences: sessions judged after a gap of PT3M, final after PT10M -> (late-lines, "
                + "count-sequences) (1/2)#0")).isEqualTo("job: sequences");
        assertThat(StreamBenchmark.partOf("judge (2/2)#0")).isEqualTo("job: judge");
        assertThat(StreamBenchmark.partOf("OutputFlusher for judge (1/2)#0")).isEqualTo("job: judge");
        assertThat(StreamBenchmark.partOf("revisions -> verdicts: Writer -> verdicts: Committer (1/2)#0")).isEqualTo("job: revisions");
        assertThat(StreamBenchmark.partOf("kafka-producer-network-thread | producer-logsieve-verdicts-1-2")).isEqualTo("job: revisions");
        assertThat(StreamBenchmark.partOf("AsyncOperations-thread-1")).isEqualTo("job: checkpoints and coordination");
        assertThat(StreamBenchmark.partOf("kafka-producer-network-thread | producer-1")).isEqualTo("benchmark's producer and reader");
        assertThat(StreamBenchmark.partOf("main")).isEqualTo("benchmark's producer and reader");
        assertThat(StreamBenchmark.partOf("data-plane-kafka-request-handler-3")).isEqualTo("Kafka broker");
        assertThat(StreamBenchmark.partOf("kafka-0-raft-io-thread")).isEqualTo("Kafka broker");
    }
}
