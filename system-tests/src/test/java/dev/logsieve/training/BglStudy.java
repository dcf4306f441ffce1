package dev.logsieve.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.train.DecisionTreeTrainer;
import dev.logsieve.ensemble.train.KnnTrainer;
import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.TemplateFallback;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.features.WordVocabulary;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The two studies of BENCHMARKS.md's "Templates training never saw" on the BGL windows
 * ({@code ../shared/datasets/bgl/bgl_windows100_train.jsonl.gz}), split chronologically 80/20.
 * Not a test: {@code ./logsieve study lightad FILE} or {@code ./logsieve study fallback FILE}.
 *
 * <ul>
 *   <li>{@code lightad}: our decision tree and KNN fitted on the whole training part (no validation
 *       part, no prefixes, threshold 0.5) with LightAD's choices on and off: its events (tokens with a
 *       digit, or without a letter, dropped) against our masked templates, the word block, raw counts
 *       against ln(1 + c), tree depth, k; and plain random oversampling of the anomalous windows.
 *   <li>{@code fallback}: every template of the later 20 % that the earlier 80 % never had, with its
 *       normal and alert lines and its most similar known template by the semantic fallback's encoder.
 * </ul>
 */
public final class BglStudy {
    private record Window(String[] templates, int[] lineLabels, int label) {}

    private BglStudy() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("lightad", "fallback").contains(args[0])) {
            System.err.println("usage: study lightad|fallback bgl_windows100_train.jsonl.gz");
            System.exit(2);
        }
        List<Window> windows = read(Path.of(args[1]));
        int cut = (int) (windows.size() * 0.8);
        if (args[0].equals("lightad")) {
            lightad(windows.subList(0, cut), windows.subList(cut, windows.size()));
        } else {
            fallback(windows.subList(0, cut), windows.subList(cut, windows.size()));
        }
    }

    private static void lightad(List<Window> train, List<Window> test) {
        int[] y = labels(train);
        int[] yTest = labels(test);
        for (boolean lightadEvents : new boolean[] {false, true}) {
            String[][] trainEvents = events(train, lightadEvents);
            String[][] testEvents = events(test, lightadEvents);
            long[][] trainIds = ids(trainEvents);
            long[][] testIds = ids(testEvents);
            Map<Long, String> text = new HashMap<>();
            for (int i = 0; i < trainIds.length; i++) {
                for (int j = 0; j < trainIds[i].length; j++) {
                    text.putIfAbsent(trainIds[i][j], trainEvents[i][j]);
                }
            }
            Vocabulary vocabulary = Vocabulary.build(trainIds, text::get);
            int withNew = 0;
            for (long[] s : testIds) {
                for (long id : s) {
                    if (vocabulary.index(id) < 0) {
                        withNew++;
                        break;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "events: %s; %d events, %d of %d test windows hold a new one%n",
                    lightadEvents ? "LightAD's (digit tokens dropped)" : "ours (masked templates)", vocabulary.size(),
                    withNew, testIds.length);
            for (boolean words : new boolean[] {false, true}) {
                for (FeatureExtractor.Scaling scaling : List.of(FeatureExtractor.Scaling.COUNTS, FeatureExtractor.Scaling.LOG1P)) {
                    FeatureExtractor fx = new FeatureExtractor(vocabulary, scaling,
                            words ? WordVocabulary.build(trainIds, vocabulary, 2) : null);
                    double[][] x = fx.features(trainIds, trainEvents);
                    double[][] xTest = fx.features(testIds, testEvents);
                    String row = String.format(Locale.ROOT, "  words %-5s %-6s", words, scaling);
                    for (int depth : new int[] {20, 1000}) {
                        MemberSettings s = new MemberSettings();
                        s.treeMaxDepth = depth;
                        System.out.printf(Locale.ROOT, "%s dt depth %-4d F1 %.4f%n", row, depth,
                                f1(DecisionTreeTrainer.train(x, y, s), xTest, yTest));
                    }
                    for (int k : new int[] {1, 5}) {
                        MemberSettings s = new MemberSettings();
                        s.knnK = k;
                        System.out.printf(Locale.ROOT, "%s knn k %d       F1 %.4f%n", row, k,
                                f1(KnnTrainer.train(x, y, null, s), xTest, yTest));
                    }
                    if (words) {
                        System.out.printf(Locale.ROOT, "%s dt, anomalous windows duplicated at random to 30 %% F1 %.4f%n", row,
                                f1(oversampledTree(x, y), xTest, yTest));
                    }
                }
            }
        }
    }

    private static Member oversampledTree(double[][] x, int[] y) {
        List<double[]> rows = new ArrayList<>(List.of(x));
        List<Integer> labels = new ArrayList<>();
        List<Integer> anomalous = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            labels.add(y[i]);
            if (y[i] == 1) {
                anomalous.add(i);
            }
        }
        Random random = new Random(42);
        int count = anomalous.size();
        while (count < 0.3 * labels.size()) {
            rows.add(x[anomalous.get(random.nextInt(anomalous.size()))]);
            labels.add(1);
            count++;
        }
        return DecisionTreeTrainer.train(rows.toArray(new double[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                new MemberSettings());
    }

    private static void fallback(List<Window> train, List<Window> test) throws IOException {
        Map<String, int[]> known = lineCounts(train, null);
        Map<String, int[]> unseen = lineCounts(test, known);
        List<String> texts = new ArrayList<>(known.keySet());
        long[] ids = new long[texts.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = TemplateIds.of(texts.get(i));
        }
        Vocabulary vocabulary = Vocabulary.of(ids, texts.toArray(new String[0]));
        List<Map.Entry<String, int[]>> rows = new ArrayList<>(unseen.entrySet());
        rows.sort((a, b) -> (b.getValue()[0] + b.getValue()[1]) - (a.getValue()[0] + a.getValue()[1]));
        System.out.printf("%d templates of the later 20 %% are new; normal lines, alert lines, similarity, new -> [normal/alert lines] nearest known%n",
                rows.size());
        try (FallbackEncoder encoder = FallbackEncoder.open()) {
            TemplateFallback fallback = encoder.fallback(vocabulary, 1.0);
            for (Map.Entry<String, int[]> n : rows) {
                TemplateFallback.Nearest near = fallback.nearest(encoder.embed(List.of(n.getKey()))[0]);
                String nearest = texts.get(near.column());
                int[] k = known.get(nearest);
                System.out.printf(Locale.ROOT, "%7d %6d  %.3f  %s -> [%d/%d] %s%n", n.getValue()[0], n.getValue()[1],
                        near.similarity(), n.getKey(), k[0], k[1], nearest);
            }
        }
    }

    /** Normal and alert lines per masked template; with {@code except}, only templates it lacks. */
    private static Map<String, int[]> lineCounts(List<Window> windows, Map<String, int[]> except) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Window w : windows) {
            for (int j = 0; j < w.templates.length; j++) {
                String t = LogMasker.mask(w.templates[j]);
                if (except == null || !except.containsKey(t)) {
                    counts.computeIfAbsent(t, x -> new int[2])[w.lineLabels[j] == 0 ? 0 : 1]++;
                }
            }
        }
        return counts;
    }

    private static double f1(Member m, double[][] x, int[] y) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < x.length; i++) {
            boolean anomalous = m.score(null, null, Float.NaN, x[i]) > Member.BOUNDARY;
            if (anomalous && y[i] == 1) {
                tp++;
            } else if (anomalous) {
                fp++;
            } else if (y[i] == 1) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static int[] labels(List<Window> windows) {
        return windows.stream().mapToInt(Window::label).toArray();
    }

    /** Each window's events: our masked templates, or LightAD's (tokens with a digit or without a letter dropped). */
    private static String[][] events(List<Window> windows, boolean lightad) {
        String[][] events = new String[windows.size()][];
        for (int i = 0; i < events.length; i++) {
            String[] t = windows.get(i).templates;
            events[i] = new String[t.length];
            for (int j = 0; j < t.length; j++) {
                events[i][j] = lightad ? lightadEvent(t[j]) : LogMasker.mask(t[j]);
            }
        }
        return events;
    }

    private static String lightadEvent(String message) {
        StringBuilder sb = new StringBuilder();
        for (String token : message.split(" ")) {
            boolean digit = token.chars().anyMatch(Character::isDigit);
            boolean letter = token.chars().anyMatch(Character::isLetter);
            if (!digit && letter) {
                sb.append(sb.length() == 0 ? "" : " ").append(token);
            }
        }
        return sb.toString();
    }

    private static long[][] ids(String[][] events) {
        long[][] ids = new long[events.length][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new long[events[i].length];
            for (int j = 0; j < ids[i].length; j++) {
                ids[i][j] = TemplateIds.of(events[i][j]);
            }
        }
        return ids;
    }

    private static List<Window> read(Path file) throws IOException {
        List<Window> windows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode n = json.readTree(line);
                String[] templates = json.treeToValue(n.get("templates"), String[].class);
                int[] lineLabels = json.treeToValue(n.get("line_labels"), int[].class);
                windows.add(new Window(templates, lineLabels, n.get("label").asInt()));
            }
        }
        return windows;
    }
}
