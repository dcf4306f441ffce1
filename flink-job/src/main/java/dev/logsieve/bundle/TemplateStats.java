package dev.logsieve.bundle;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What training saw of each template: in how many normal and how many anomalous training
 * sequences it occurred, how many times a normal sequence that has it usually has it, and its
 * masked text. Kept in the bundle as {@code templates.tsv} (one template a line: id, normal,
 * anomalous, usual count, text; a first line {@code #sequences} with the totals), so
 * a person can read it too. The judge uses it to say which lines of an anomalous sequence made it
 * so ({@code evidence}). Bundles written before it existed have no such file.
 */
public final class TemplateStats {
    public static final String FILE = "templates.tsv";

    /**
     * One template's training counts and text (null when training kept no message for it).
     *
     * @param usualCount how often it occurs in the normal training sequences that have it (the most
     *     common count; 0 when no normal sequence has it)
     */
    public record Entry(long normal, long anomalous, int usualCount, String text) {
        public long sequences() {
            return normal + anomalous;
        }
    }

    private final Map<Long, Entry> byId;
    private final long sequences;
    private final long anomalousSequences;

    private TemplateStats(Map<Long, Entry> byId, long sequences, long anomalousSequences) {
        this.byId = byId;
        this.sequences = sequences;
        this.anomalousSequences = anomalousSequences;
    }

    /** The counts of labeled training sequences (those without a label are left out). */
    public static TemplateStats of(List<LogSequence> training) {
        Map<Long, long[]> counts = new HashMap<>();
        Map<Long, Map<Integer, Integer>> normalCounts = new HashMap<>();
        Map<Long, String> texts = new HashMap<>();
        long all = 0;
        long anomalous = 0;
        for (LogSequence s : training) {
            if (s.label == Labels.UNKNOWN) {
                continue;
            }
            boolean bad = s.label == Labels.ANOMALOUS;
            all++;
            anomalous += bad ? 1 : 0;
            Map<Long, Integer> here = new HashMap<>();
            for (int i = 0; i < s.templateIds.length; i++) {
                long id = s.templateIds[i];
                if (s.messages != null && s.messages[i] != null) {
                    texts.putIfAbsent(id, s.messages[i]);
                }
                here.merge(id, 1, Integer::sum);
            }
            here.forEach((id, n) -> {
                counts.computeIfAbsent(id, k -> new long[2])[bad ? 1 : 0]++;
                if (!bad) {
                    normalCounts.computeIfAbsent(id, k -> new HashMap<>()).merge(n, 1, Integer::sum);
                }
            });
        }
        Map<Long, Entry> byId = new HashMap<>();
        counts.forEach((id, c) -> byId.put(id, new Entry(c[0], c[1], mostCommon(normalCounts.get(id)), texts.get(id))));
        return new TemplateStats(byId, all, anomalous);
    }

    /** The most common of the counts (the smallest among equals), 0 for none. */
    private static int mostCommon(Map<Integer, Integer> counts) {
        if (counts == null) {
            return 0;
        }
        return new TreeMap<>(counts).entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    /** The template's training counts, or null when training never saw it. */
    public Entry get(long templateId) {
        return byId.get(templateId);
    }

    /** Labeled training sequences in all. */
    public long sequences() {
        return sequences;
    }

    /** Of those, the anomalous ones. */
    public long anomalousSequences() {
        return anomalousSequences;
    }

    /** Templates known. */
    public int size() {
        return byId.size();
    }

    public void write(Path bundleDir) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(bundleDir.resolve(FILE), StandardCharsets.UTF_8)) {
            w.write("#sequences\t" + sequences + "\t" + anomalousSequences + "\n");
            for (Map.Entry<Long, Entry> e : new TreeMap<>(byId).entrySet()) {
                Entry t = e.getValue();
                String text = t.text() == null ? "" : t.text().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
                w.write(e.getKey() + "\t" + t.normal() + "\t" + t.anomalous() + "\t" + t.usualCount() + "\t" + text + "\n");
            }
        }
    }

    /** The bundle's template counts, or null when it has none (written before they existed). */
    public static TemplateStats read(Path bundleDir) throws IOException {
        Path f = bundleDir.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        Map<Long, Entry> byId = new HashMap<>();
        long all = 0;
        long anomalous = 0;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] p = line.split("\t", 5);
                try {
                    if (p[0].equals("#sequences")) {
                        all = Long.parseLong(p[1]);
                        anomalous = Long.parseLong(p[2]);
                    } else if (p.length == 5) {
                        byId.put(Long.parseLong(p[0]), new Entry(Long.parseLong(p[1]), Long.parseLong(p[2]),
                                Integer.parseInt(p[3]), p[4].isEmpty() ? null : p[4]));
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new BundleException(f + ": not a line of template counts: " + line);
                }
            }
        }
        return new TemplateStats(byId, all, anomalous);
    }
}
