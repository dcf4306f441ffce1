package dev.logsieve.ensemble.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Judgement;
import dev.logsieve.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Labeled template-id sequences from the shared data sets, splits and metrics for the tests. */
final class LabeledData {
    final long[][] ids;
    final int[] labels;

    LabeledData(long[][] ids, int[] labels) {
        this.ids = ids;
        this.labels = labels;
    }

    int size() {
        return labels.length;
    }

    int anomalous() {
        return Arrays.stream(labels).sum();
    }

    LabeledData subset(int[] rows) {
        long[][] i = new long[rows.length][];
        int[] l = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            i[r] = ids[rows[r]];
            l[r] = labels[rows[r]];
        }
        return new LabeledData(i, l);
    }

    /** Random split with a fixed seed: [train, test]. */
    LabeledData[] randomSplit(double trainShare, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int cut = (int) Math.round(size() * trainShare);
        int[] train = order.subList(0, cut).stream().mapToInt(Integer::intValue).toArray();
        int[] test = order.subList(cut, size()).stream().mapToInt(Integer::intValue).toArray();
        return new LabeledData[] {subset(train), subset(test)};
    }

    /** First share in input order for training, the rest for testing. */
    LabeledData[] chronologicalSplit(double trainShare) {
        int cut = (int) Math.round(size() * trainShare);
        int[] train = new int[cut];
        int[] test = new int[size() - cut];
        for (int i = 0; i < size(); i++) {
            if (i < cut) {
                train[i] = i;
            } else {
                test[i - cut] = i;
            }
        }
        return new LabeledData[] {subset(train), subset(test)};
    }

    /** HDFS: all normal blocks of hdfs_train.gz plus {@code anomalous} blocks drawn (seeded) from hdfs_test_abnormal.gz. */
    static LabeledData hdfs(int anomalous, long seed) throws IOException {
        List<long[]> normal = readAit(SharedData.require("hdfs/sequences_ait/hdfs_train.gz"));
        List<long[]> abnormal = readAit(SharedData.require("hdfs/sequences_ait/hdfs_test_abnormal.gz"));
        Collections.shuffle(abnormal, new Random(seed));
        List<long[]> all = new ArrayList<>(normal);
        int[] labels = new int[normal.size() + Math.min(anomalous, abnormal.size())];
        for (int i = 0; i < Math.min(anomalous, abnormal.size()); i++) {
            all.add(abnormal.get(i));
            labels[normal.size() + i] = 1;
        }
        return new LabeledData(all.toArray(new long[0][]), labels);
    }

    /** Every HDFS block of both files, labeled. */
    static LabeledData hdfsAll() throws IOException {
        return hdfs(Integer.MAX_VALUE, 1L);
    }

    /** ait format: {@code blk_<id>,<event id> <event id> ...}; the event ids are the template ids. */
    static List<long[]> readAit(Path path) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (BufferedReader r = gzip(path)) {
            String line;
            while ((line = r.readLine()) != null) {
                int comma = line.indexOf(',');
                if (comma < 0) {
                    continue;
                }
                String[] events = line.substring(comma + 1).trim().split("\\s+");
                long[] ids = new long[events[0].isEmpty() ? 0 : events.length];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = Long.parseLong(events[i]);
                }
                out.add(ids);
            }
        }
        return out;
    }

    /** BGL 100-message windows, in file (chronological) order; template strings hashed with 64-bit FNV-1a. */
    static LabeledData bgl() throws IOException {
        Path path = SharedData.require("bgl/bgl_windows100_train.jsonl.gz");
        ObjectMapper json = new ObjectMapper();
        List<long[]> ids = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = gzip(path)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                JsonNode templates = node.get("templates");
                long[] seq = new long[templates.size()];
                for (int i = 0; i < seq.length; i++) {
                    seq[i] = fnv1a(templates.get(i).asText());
                }
                ids.add(seq);
                labels.add(node.get("label").asInt());
            }
        }
        return new LabeledData(ids.toArray(new long[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static BufferedReader gzip(Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(path), 1 << 16),
                StandardCharsets.UTF_8));
    }

    /** Confusion counts and F1. */
    static final class Scores {
        long tp;
        long fp;
        long fn;
        long tn;

        void add(int predicted, int truth) {
            if (predicted == 1 && truth == 1) {
                tp++;
            } else if (predicted == 1) {
                fp++;
            } else if (truth == 1) {
                fn++;
            } else {
                tn++;
            }
        }

        double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "P %.4f R %.4f F1 %.4f (tp %d fp %d fn %d tn %d)",
                    precision(), recall(), f1(), tp, fp, fn, tn);
        }
    }

    /** Scores of every member and of the ensemble on a test set: index i = member i, last = ensemble. */
    static Scores[] evaluate(Ensemble ensemble, LabeledData test) {
        int m = ensemble.memberNames().length;
        Scores[] s = new Scores[m + 1];
        for (int i = 0; i <= m; i++) {
            s[i] = new Scores();
        }
        for (int r = 0; r < test.size(); r++) {
            Judgement j = ensemble.judge(test.ids[r]);
            for (int i = 0; i < m; i++) {
                s[i].add(j.votes()[i], test.labels[r]);
            }
            s[m].add(j.label(), test.labels[r]);
        }
        return s;
    }

    static String report(String title, Ensemble ensemble, Scores[] scores) {
        StringBuilder b = new StringBuilder(title).append('\n');
        String[] names = ensemble.memberNames();
        for (int i = 0; i < scores.length; i++) {
            b.append(String.format(Locale.ROOT, "  %-9s %s%n", i < names.length ? names[i] : "ensemble", scores[i]));
        }
        return b.toString();
    }
}
