package dev.logsieve.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LogMasker} must equal the oracle {@link RegexMasker} on every input: real logs from the
 * LogHub 2k samples and the HDFS sample, and random strings built to hit the edge cases.
 */
class MaskDifferentialTest {

    private static final int HDFS_LINES = 50_000;
    private static final int RANDOM_STRINGS = 200_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Android", "Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "Mac",
        "OpenSSH", "OpenStack", "Proxifier", "Spark", "Thunderbird", "Windows", "Zookeeper"})
    void loghubRawLinesAndContent(String system) throws IOException {
        Path log = SharedData.require("loghub_2k/" + system + "/" + system + "_2k.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2000);
        assertSameOnAll(lines);

        Path csv = SharedData.require("loghub_2k/" + system + "/" + system + "_2k.log_structured.csv");
        List<List<String>> records = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        int content = records.get(0).indexOf("Content");
        assertThat(content).as("Content column of %s", csv).isNotNegative();
        List<String> contents = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            contents.add(r.get(content));
        }
        assertThat(contents).hasSize(2000);
        assertSameOnAll(contents);
    }

    @Test
    void hdfsSample() throws IOException {
        Path gz = SharedData.require("hdfs/HDFS_sample.log.gz");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < HDFS_LINES && (line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).isNotEmpty();
        assertSameOnAll(lines);
    }

    @Test
    void benchmarkBuiltInLines() {
        assertSameOnAll(List.of(MaskBenchmark.BUILT_IN));
    }

    /** Tokens chosen to exercise each alternative's edges and the Unicode classes. */
    private static final String[] TOKENS = {
        "0", "1", "9", "12", "123", "1234", "99999", "a", "f", "A", "F", "ab", "dead", "beef", "0x", "deadbeef",
        "DEADBEEF00", "cafe", "Fe", ".", "..", "...", "....", "/", "\\", "//", ":", "::", "@", "-", "_", "[", "]",
        " ", " ", " ", "  ", "\t", "\n", "\u001c", "\u001f", "\u0085", "\u00a0", "\u2028", "\u3000", "\u200b",
        "Jan", "January", "Jun", "June", "May", "Sep", "Sept", "September", "Dec", "Mon", "Monday", "Tue",
        "Tuesday", "Sun", "Sundays", "one", "two", "six", "sixteen", "sixty", "seven", "seventeen", "hundred",
        "true", "True", "TRUE", "false", "False", "é", "ß", "Ж", "中", "٣", "٣٤", "e\u0301", "\u0301", "\u20dd",
        "\u0903", "\u203f", "\u00b2", "\u2460", "\u216b", "\u200d", "x", "y", "z", "blk", "core", "10", "255",
        ".1", "1.", "\uD835\uDFD8", "\uD800\uDC00", "\uD83D\uDE00", "\uD801\uDCA0", "10.0.0.1", "1.2.3.4:",
        "00:1a:2b:3c:4d:5e", "00:11:22:33:44:55:66:77:88:99:aa:bb", "user", "host", "com", "=", ",", "(", ")",
        "\"", "'", ";", "#", "$", "~",
        // plain words the scanner settles in one pass: letters, digits and . : - _
        "INFO", "INFO:", "size.", "a1:", "12:.", "deadbeef:", "cafe12345.", "isTrue", "falsey", "aTrue:", "Jan:",
        "pam_unix", "R02-M1", "blk_-", "abcdef12_", "x-deadbeef", "e-", "one-",
    };

    @Test
    void randomStrings() {
        SplittableRandom rnd = new SplittableRandom(20240607L);
        StringBuilder b = new StringBuilder();
        int mismatches = 0;
        List<String> report = new ArrayList<>();
        for (int k = 0; k < RANDOM_STRINGS; k++) {
            b.setLength(0);
            int tokens = 1 + rnd.nextInt(16);
            for (int t = 0; t < tokens; t++) {
                b.append(TOKENS[rnd.nextInt(TOKENS.length)]);
            }
            String input = b.toString();
            String expected = RegexMasker.mask(input);
            String actual = LogMasker.mask(input);
            if (!expected.equals(actual)) {
                mismatches++;
                if (report.size() < 20) {
                    report.add(describe(input, expected, actual));
                }
            }
        }
        assertThat(mismatches).as("mismatches, first ones:%n%s", String.join("\n", report)).isZero();
    }

    private static void assertSameOnAll(List<String> inputs) {
        List<String> report = new ArrayList<>();
        int mismatches = 0;
        for (String input : inputs) {
            String expected = RegexMasker.mask(input);
            String actual = LogMasker.mask(input);
            if (!expected.equals(actual)) {
                mismatches++;
                if (report.size() < 20) {
                    report.add(describe(input, expected, actual));
                }
            }
        }
        assertThat(mismatches).as("mismatches out of %d, first ones:%n%s", inputs.size(), String.join("\n", report))
                .isZero();
    }

    private static String describe(String input, String expected, String actual) {
        return "input:       " + escape(input) + "\nRegexMasker: " + escape(expected) + "\nLogMasker:   "
                + escape(actual);
    }

    /** Shows non-printable and non-ASCII characters as \\uXXXX so a mismatch can be reproduced. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                b.append(c);
            } else if (c == '\\' || c == '"') {
                b.append('\\').append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }

    /** RFC 4180 CSV: comma-separated, fields optionally in double quotes with "" for a quote. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < n && text.charAt(i) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
