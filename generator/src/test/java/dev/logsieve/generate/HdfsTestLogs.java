package dev.logsieve.generate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers the generate tests share: a crude masker, block grouping, header time. */
final class HdfsTestLogs {
    static final Pattern LINE = Pattern.compile("^\\d{6} \\d{6} \\d+ (INFO|WARN|ERROR) [\\w.$]+: .+$");
    static final Pattern BLOCK = Pattern.compile("blk_-?\\d+");
    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("yyMMdd HHmmss");

    private HdfsTestLogs() {}

    /** "LEVEL Component: content" with every token that contains a digit replaced by {@code <*>}. */
    static String template(String line) {
        String[] p = line.split(" ", 4); // date, time, pid, rest
        StringBuilder sb = new StringBuilder();
        for (String tok : p[3].split(" ", -1)) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(tok.chars().anyMatch(Character::isDigit) ? "<*>" : tok);
        }
        return sb.toString();
    }

    static long seconds(String line) {
        return LocalDateTime.parse(line.substring(0, 13), HEADER).toEpochSecond(ZoneOffset.UTC);
    }

    /** The distinct block ids a line names, in order (a Deleting line names its block twice). */
    static List<String> blockIds(String line) {
        List<String> ids = new ArrayList<>(1);
        Matcher m = BLOCK.matcher(line);
        while (m.find()) {
            if (!ids.contains(m.group())) ids.add(m.group());
        }
        return ids;
    }

    /** Block id to its templates in log order. */
    static Map<String, List<String>> sequences(Iterable<String> lines) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : lines) {
            String t = template(line);
            for (String id : blockIds(line)) m.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
        }
        return m;
    }

    /**
     * A hand-written detector: what a simple learner should find. Flags a block whose healthy
     * three-replica write is incomplete or repeated, that shows a fault template, or whose first
     * line is not the allocation/receipt or that is invalidated before its last replica is stored.
     */
    static boolean looksAnomalous(List<String> seq) {
        int receiving = 0;
        int added = 0;
        int received = 0;
        int lastAdded = -1;
        int firstInvalid = Integer.MAX_VALUE;
        for (int i = 0; i < seq.size(); i++) {
            String t = seq.get(i);
            if (t.contains("Receiving block <*> src:")) receiving++;
            if (t.contains("blockMap updated")) {
                added++;
                lastAdded = i;
            }
            if (t.contains("PacketResponder: Received block")) received++;
            if (t.contains("invalidSet")) firstInvalid = Math.min(firstInvalid, i);
            if (t.contains("writeBlock") || t.contains("Exception") || t.contains("Interrupted")
                    || t.contains("empty packet") || t.contains("Changing block file offset")
                    || t.contains("Redundant") || t.contains("does not belong") || t.contains("Unexpected error")
                    || t.contains("to delete") || t.contains("to replicate")) {
                return true;
            }
        }
        String first = seq.get(0);
        boolean startsRight = first.contains("allocateBlock") || first.contains("Receiving block");
        return receiving != 3 || added != 3 || received != 3 || !startsRight || firstInvalid < lastAdded;
    }
}
