package dev.logsieve.kafka;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's threads between two moments, summed by part (the stream benchmark's
 * Kafka broker, its own producer, the Flink job), and the JVM's own threads (garbage collection,
 * the JIT compiler), which Java does not list: the process's CPU time less that of its Java threads.
 * A thread that starts between the two moments is counted from zero; one that ends is counted with
 * the JVM's own threads.
 */
final class ThreadCpu {
    /** What {@link #since} calls the CPU time the process used outside its Java threads. */
    static final String JVM = "JVM (GC, JIT)";

    private final Map<Long, String> names;
    private final Map<Long, Long> nanos;
    private final long process;
    private final long compilingMillis;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos, long process, long compilingMillis) {
        this.names = names;
        this.nanos = nanos;
        this.process = process;
        this.compilingMillis = compilingMillis;
    }

    /** This moment's CPU time of every live Java thread and of the process. */
    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> nanos = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended since it was listed
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                names.put(info.getThreadId(), info.getThreadName());
                nanos.put(info.getThreadId(), cpu);
            }
        }
        var jit = ManagementFactory.getCompilationMXBean();
        long compiling = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        return new ThreadCpu(names, nanos, processCpu(), compiling);
    }

    /** Seconds the JIT compiler spent compiling from {@code before} to this moment, or -1 where the JVM does not say. */
    double compilingSince(ThreadCpu before) {
        return compilingMillis < 0 || before.compilingMillis < 0 ? -1 : (compilingMillis - before.compilingMillis) / 1e3;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /**
     * Seconds of CPU from {@code before} to this moment by part, and {@link #JVM} for what the
     * process used outside its Java threads (absent when the process's time is unknown).
     */
    Map<String, Double> since(ThreadCpu before, Function<String, String> partOf) {
        Map<String, Double> parts = new HashMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : nanos.entrySet()) {
            long used = e.getValue() - before.nanos.getOrDefault(e.getKey(), 0L);
            javaThreads += used;
            parts.merge(partOf.apply(names.get(e.getKey())), used / 1e9, Double::sum);
        }
        if (process >= 0 && before.process >= 0) {
            parts.put(JVM, Math.max(0, process - before.process - javaThreads) / 1e9);
        }
        return parts;
    }

    /** "part 1.2 s, part 0.4 s, ..." from the most to the least, with the total. */
    static String describe(Map<String, Double> parts) {
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : parts.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()));
            total += e.getValue();
        }
        return sb.append(String.format(Locale.ROOT, "; total %.1f s", total)).toString();
    }

}
