package dev.logsieve.kafka;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's threads between two moments, summed by part (the stream benchmark's
 * Kafka broker, its own producer, the Flink job), and the JVM's own threads, which Java does not
 * list: the process's CPU time less that of its Java threads. On Linux that is split further by
 * the threads' names in {@code /proc/self/task}: the JIT compiler's, the garbage collector's, and
 * the rest. A thread that starts between the two moments is counted from zero; one that ends is
 * counted with the rest of the JVM's own.
 */
final class ThreadCpu {
    /** The JVM's own threads, unsplit (where {@code /proc} cannot be read), or those neither compiling nor collecting. */
    static final String JVM = "JVM, other";
    static final String JIT = "JVM: JIT compiler";
    static final String GC = "JVM: garbage collector";
    /** Linux counts a thread's CPU time in ticks of 1/USER_HZ s, 100 a second on every architecture Java runs on. */
    private static final double TICK = 0.01;

    private final Map<Long, String> names;
    private final Map<Long, Long> nanos;
    private final long process;
    private final long compilingMillis;
    /** The JVM's own threads' CPU ticks by {@link #JIT} and {@link #GC}; empty where /proc cannot be read. */
    private final Map<String, Long> jvmTicks;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos, long process, long compilingMillis,
                      Map<String, Long> jvmTicks) {
        this.names = names;
        this.nanos = nanos;
        this.process = process;
        this.compilingMillis = compilingMillis;
        this.jvmTicks = jvmTicks;
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
        return new ThreadCpu(names, nanos, processCpu(), compiling, jvmTicks());
    }

    /** CPU ticks of the JVM's compiler and collector threads, by their names in /proc; none elsewhere. */
    private static Map<String, Long> jvmTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String kind = jvmKind(Files.readString(task.resolve("comm")).strip());
                    if (kind != null) {
                        // "pid (name) state ...": utime and stime are the 14th and 15th fields, 12th and 13th after the name.
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.merge(kind, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /** {@link #JIT}, {@link #GC} or null, by a HotSpot thread's name as Linux keeps it (its first 15 characters). */
    static String jvmKind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return GC;
        }
        return null;
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
     * Seconds of CPU from {@code before} to this moment by part, then what the process used outside
     * its Java threads: {@link #JIT}, {@link #GC} and {@link #JVM} for the rest, or all of it as
     * {@link #JVM} where /proc cannot be read (absent when the process's time is unknown).
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
            double jvm = Math.max(0, process - before.process - javaThreads) / 1e9;
            if (!jvmTicks.isEmpty() && !before.jvmTicks.isEmpty()) {
                for (String kind : new String[] {JIT, GC}) {
                    double used = Math.min(jvm, (jvmTicks.getOrDefault(kind, 0L) - before.jvmTicks.getOrDefault(kind, 0L)) * TICK);
                    parts.put(kind, Math.max(0, used));
                    jvm -= Math.max(0, used);
                }
            }
            parts.put(JVM, jvm);
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
