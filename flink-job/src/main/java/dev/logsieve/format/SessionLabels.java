package dev.logsieve.format;

import dev.logsieve.event.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a per-session labels file such as HDFS's {@code anomaly_label.csv}:
 *
 * <pre>
 * BlockId,Label
 * blk_-3544583377289625738,Anomaly
 * blk_-9073992586687739851,Normal
 * </pre>
 *
 * <ul>
 *   <li>two comma-separated columns, session key then label; surrounding whitespace and double quotes
 *       are removed, blank lines skipped;
 *   <li>the first line is a header when its label column is not a label (it is then skipped);
 *   <li>labels (case-insensitive): {@code Normal}, {@code 0} → {@link Labels#NORMAL};
 *       {@code Anomaly}, {@code Anomalous}, {@code Abnormal}, {@code 1} → {@link Labels#ANOMALOUS};
 *   <li>a key listed twice with the same label is fine; with different labels it is an error.
 * </ul>
 *
 * Any bad row is an {@link IOException} naming the file and the 1-based line number.
 */
public final class SessionLabels {
    private SessionLabels() {}

    /** Reads the labels file (UTF-8). */
    public static Map<String, Integer> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /**
     * Reads labels from a reader.
     *
     * @param name the file name used in error messages
     */
    public static Map<String, Integer> read(Reader reader, String name) throws IOException {
        BufferedReader r = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        Map<String, Integer> labels = new HashMap<>();
        String line;
        long lineNumber = 0;
        while ((line = r.readLine()) != null) {
            lineNumber++;
            Row row = parse(line, lineNumber, name);
            if (row == null) {
                continue;
            }
            Integer before = labels.put(row.key(), row.label());
            if (before != null && !before.equals(row.label())) {
                throw new IOException(name + " line " + lineNumber + ": " + row.key() + " is labeled "
                        + Labels.name(row.label()) + " here but " + Labels.name(before) + " on an earlier line");
            }
        }
        return labels;
    }

    /** One row of a labels file: a session key and its label ({@link Labels#NORMAL} or {@link Labels#ANOMALOUS}). */
    public record Row(String key, int label) {}

    /**
     * The row on one line of a labels file, by the rules above; null for a blank line or the header.
     *
     * @param lineNumber the line's 1-based number, for the header rule and error messages
     * @param name the file name used in error messages
     */
    public static Row parse(String line, long lineNumber, String name) throws IOException {
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        if (line.isBlank()) {
            return null;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
            if (lineNumber == 1) {
                return null; // a one-column header
            }
            throw new IOException(name + " line " + lineNumber + ": expected 'key,label' but found no comma in "
                    + Scan.quote(line));
        }
        String key = unquote(line.substring(0, comma));
        String value = unquote(line.substring(comma + 1));
        Integer label = label(value);
        if (label == null) {
            if (lineNumber == 1) {
                return null; // the header, e.g. BlockId,Label
            }
            throw new IOException(name + " line " + lineNumber + ": unknown label " + Scan.quote(value)
                    + " (expected Normal/Anomaly, 0/1 or normal/anomalous)");
        }
        if (key.isEmpty()) {
            throw new IOException(name + " line " + lineNumber + ": empty session key");
        }
        return new Row(key, label);
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static Integer label(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "normal":
            case "0":
                return Labels.NORMAL;
            case "anomaly":
            case "anomalous":
            case "abnormal":
            case "1":
                return Labels.ANOMALOUS;
            default:
                return null;
        }
    }
}
