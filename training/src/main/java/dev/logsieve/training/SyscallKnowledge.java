package dev.logsieve.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A knowledge file for ADFA-LD's system calls, built offline from this machine's own sources, as
 * FlexLog's RAG puts each call's description into the prompt (issue #17): the 32-bit x86 system-call
 * table of Debian's {@code linux-libc-dev} ({@code asm/unistd_32.h}: ADFA-LD was recorded on 32-bit
 * Ubuntu 11.04) and the NAME and DESCRIPTION sections of {@code manpages-dev}'s section 2 pages.
 *
 * <p>One JSON line per call that has a page: {@code {"match": "close", "text": "close: close a file
 * descriptor. close() closes a file descriptor, so that it no longer refers to any file and may be
 * reused."}}, the match being the call's name as a keyword. The text is the page's NAME summary and
 * the first sentence of its DESCRIPTION with the roff markup taken out, at most
 * {@value #MAX_TEXT} characters.
 */
public final class SyscallKnowledge {

    /** Debian's 32-bit x86 system-call table (package linux-libc-dev). */
    public static final Path UNISTD_32 = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_32.h");
    /** Debian's section 2 manual pages (package manpages-dev). */
    public static final Path MAN2 = Path.of("/usr/share/man/man2");
    /** Longest description kept, in characters. */
    static final int MAX_TEXT = 300;

    private static final Pattern DEFINE = Pattern.compile("^#define __NR_(\\w+)\\s+(\\d+)\\s*$");
    private static final Pattern FONT = Pattern.compile("\\\\f[BIRP]|\\\\f\\(..|\\\\f\\[[^]]*]");
    private static final Pattern FONT_MACRO = Pattern.compile("\\.(B|I|R|BR|BI|IR|IB|RB|RI|SM|SB)");
    private static final Pattern MACRO_ARGUMENT = Pattern.compile("\"([^\"]*)\"|(\\S+)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e|\\betc)\\.(\\s|$)");
    private static final Pattern NAMED = Pattern.compile("\\\\\\((..)|\\\\\\[([^]]*)]");
    private static final int MAX_REDIRECTS = 3;

    /** One call: number, name and, when its page was found, the description. */
    public record Entry(int number, String name, Optional<String> text) {}

    private SyscallKnowledge() {}

    /** Number to name from a {@code unistd_32.h}, e.g. 6 → close. */
    public static Map<Integer, String> table(Path unistd) throws IOException {
        Map<Integer, String> t = new TreeMap<>();
        for (String line : Files.readAllLines(unistd, StandardCharsets.UTF_8)) {
            Matcher m = DEFINE.matcher(line.trim());
            if (m.matches()) {
                t.put(Integer.parseInt(m.group(2)), m.group(1));
            }
        }
        if (t.isEmpty()) {
            throw new IOException(unistd + " defines no __NR_ system calls: not a unistd_32.h");
        }
        return t;
    }

    /** Every call of the table with its description where {@code man2} has a page for it. */
    public static List<Entry> entries(Path unistd, Path man2) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : table(unistd).entrySet()) {
            out.add(new Entry(e.getKey(), e.getValue(), describe(man2, e.getValue())));
        }
        return out;
    }

    /** Writes the knowledge file's JSON lines (calls without a page are left out); returns how many. */
    public static int write(List<Entry> entries, Writer out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        for (Entry e : entries) {
            if (e.text().isPresent()) {
                ObjectNode line = json.createObjectNode().put("match", e.name()).put("text", e.text().get());
                out.write(json.writeValueAsString(line));
                out.write('\n');
                n++;
            }
        }
        return n;
    }

    /** The description of a call from its section 2 page ({@code name.2.gz} or {@code name.2}), if any. */
    static Optional<String> describe(Path man2, String name) throws IOException {
        List<String> lines = page(man2, name, 0);
        if (lines == null) {
            return Optional.empty();
        }
        String summary = section(lines, "NAME");
        int dash = summary.indexOf(" - ");
        summary = dash >= 0 ? summary.substring(dash + 3) : summary;
        String description = firstSentence(section(lines, "DESCRIPTION"));
        String text = name + ": " + summary + (summary.endsWith(".") ? "" : ".")
                + (description.isEmpty() ? "" : " " + description);
        return Optional.of(text.length() <= MAX_TEXT ? text : text.substring(0, text.lastIndexOf(' ', MAX_TEXT)) + " ...");
    }

    /** The page's lines, comments dropped, {@code .so} redirections followed; null when there is none. */
    private static List<String> page(Path man2, String name, int hops) throws IOException {
        Path file = null;
        for (String candidate : new String[] {name + ".2.gz", name + ".2"}) {
            if (Files.isRegularFile(man2.resolve(candidate))) {
                file = man2.resolve(candidate);
                break;
            }
        }
        if (file == null) {
            return null;
        }
        String text;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(".so ") && hops < MAX_REDIRECTS) {
                String target = Path.of(line.substring(4).trim()).getFileName().toString().replaceFirst("\\.2$", "");
                return page(man2, target, hops + 1);
            }
            if (!line.startsWith(".\\\"") && !line.startsWith("'\\\"")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The text of a section ({@code .SH NAME}) up to its first paragraph break, markup taken out. */
    private static String section(List<String> lines, String name) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : lines) {
            if (line.startsWith(".SH")) {
                if (in) {
                    break;
                }
                in = line.substring(3).trim().replace("\"", "").equals(name);
                continue;
            }
            if (!in) {
                continue;
            }
            if (line.startsWith(".PP") || line.startsWith(".P ") || line.equals(".P") || line.startsWith(".TP")
                    || line.startsWith(".IP") || line.startsWith(".EX") || line.startsWith(".nf")) {
                if (b.length() > 0) {
                    break;
                }
                continue;
            }
            String words = plain(line);
            if (!words.isEmpty()) {
                b.append(b.length() == 0 || isClosing(words) ? "" : " ").append(words);
            }
        }
        return b.toString().trim();
    }

    private static boolean isClosing(String words) {
        return words.startsWith(")") || words.startsWith(".") || words.startsWith(",");
    }

    /** One roff line as plain text: font macros (.B, .BR, .I, ...) joined, escapes replaced. */
    static String plain(String line) {
        String s = line;
        if (s.startsWith(".")) {
            int space = s.indexOf(' ');
            String macro = space < 0 ? s : s.substring(0, space);
            if (!FONT_MACRO.matcher(macro).matches()) {
                return "";
            }
            String args = space < 0 ? "" : s.substring(space + 1);
            boolean alternate = macro.length() == 3; // .BR a b c: the fonts alternate and the parts join
            List<String> parts = new ArrayList<>();
            Matcher m = MACRO_ARGUMENT.matcher(args);
            while (m.find()) {
                parts.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            s = String.join(alternate ? "" : " ", parts);
        }
        s = FONT.matcher(s).replaceAll("");
        Matcher named = NAMED.matcher(s); // \(em or \[em]: groff's named characters
        StringBuilder b = new StringBuilder();
        while (named.find()) {
            String c = named.group(1) != null ? named.group(1) : named.group(2);
            named.appendReplacement(b, Matcher.quoteReplacement(switch (c) {
                case "em", "en", "mi", "hy" -> "-";
                case "aq", "cq", "oq" -> "'";
                case "dq", "lq", "rq" -> "\"";
                default -> "";
            }));
        }
        named.appendTail(b);
        return b.toString().replace("\\-", "-").replace("\\e", "\\").replace("\\&", "").replace("\\ ", " ")
                .replace("\\~", " ").trim();
    }

    /** The text up to its first sentence end (a period followed by a space, or the end). */
    private static String firstSentence(String text) {
        Matcher m = SENTENCE_END.matcher(text);
        return m.find() ? text.substring(0, m.start() + 1) : text;
    }
}
