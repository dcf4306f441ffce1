package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.logsieve.event.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, a parser answers with a record or a {@link MalformedLineException} whose reason a
 * person can read (non-empty, short), never with another exception.
 */
class BadInputTest {
    private static final String HDFS = "081109 203531 145 INFO dfs.DataNode$DataXceiver: Receiving block"
            + " blk_8376667364205250596 src: /10.250.17.225:38889 dest: /10.250.17.225:50010";
    private static final String BGL = "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872"
            + " R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected";
    private static final String TBIRD = "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228"
            + " crond(pam_unix)[2915]: session closed for user root";
    private static final String ZOOKEEPER = "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181"
            + ":FastLeaderElection@774] - Notification time out: 3200";
    private static final String JSON = "{\"id\": \"s1\", \"messages\": [\"a\", \"b\"], \"label\": 0}";

    /** A parser under test: a line format or the sequence format, and a valid line for it. */
    private interface Parser {
        Object parse(String line) throws MalformedLineException;
    }

    private static Map<String, Parser> parsers() {
        Map<String, Parser> p = new LinkedHashMap<>();
        p.put("hdfs", new HdfsFormat()::parse);
        p.put("bgl", new SupercomputerFormat("bgl")::parse);
        p.put("thunderbird", new SupercomputerFormat("thunderbird")::parse);
        p.put("spirit", new SupercomputerFormat("spirit")::parse);
        p.put("custom-hdfs", new CustomFormat("<Date> <Time> <Pid> <Level> <Component>: <Content>", "blk_-?\\d+", null, 0)::parse);
        p.put("custom-zookeeper", new CustomFormat("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>",
                "(\\d+\\.\\d+\\.\\d+\\.\\d+)?", null, 0)::parse);
        p.put("custom-linux", new CustomFormat("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>",
                null, null, 2005)::parse);
        p.put("sequences", new SequenceFormat()::parse);
        return p;
    }

    private static Map<String, String> validLines() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("hdfs", HDFS);
        v.put("bgl", BGL);
        v.put("thunderbird", TBIRD);
        v.put("spirit", TBIRD);
        v.put("custom-hdfs", HDFS);
        v.put("custom-zookeeper", ZOOKEEPER);
        v.put("custom-linux", "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0");
        v.put("sequences", JSON);
        return v;
    }

    private static List<String> junk() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("   \t ");
        lines.add("\u0000\u0001\u0002\u001b[31m\u007f");
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        lines.add(new String(binary, StandardCharsets.ISO_8859_1));
        lines.add(new String(binary, StandardCharsets.UTF_8)); // invalid UTF-8 → U+FFFD replacement chars
        lines.add(new String(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1},
                StandardCharsets.UTF_8));
        lines.add("\uFFFD".repeat(100));
        lines.add("x".repeat(1 << 20));
        lines.add("a ".repeat(1 << 19));
        lines.add("\u0000".repeat(1 << 20));
        lines.add("081109 203531 145 INFO " + "a: ".repeat(1 << 18));
        lines.add("{".repeat(100_000));
        lines.add("[".repeat(10_000) + "]".repeat(10_000));
        lines.add("{\"messages\": [\"" + "\\".repeat(1001) + "\"]}");
        return lines;
    }

    @Test
    void junkIsMalformedWithAReadableReason() {
        for (Map.Entry<String, Parser> p : parsers().entrySet()) {
            for (String line : junk()) {
                expectMalformed(p.getKey(), p.getValue(), line);
            }
            expectMalformed(p.getKey(), p.getValue(), null);
        }
    }

    @Test
    void linesOfAnotherFormatAreMalformed() {
        Map<String, Parser> parsers = parsers();
        expectMalformed("hdfs", parsers.get("hdfs"), BGL);
        expectMalformed("hdfs", parsers.get("hdfs"), JSON);
        expectMalformed("hdfs", parsers.get("hdfs"), ZOOKEEPER);
        expectMalformed("bgl", parsers.get("bgl"), HDFS);
        expectMalformed("bgl", parsers.get("bgl"), JSON);
        expectMalformed("thunderbird", parsers.get("thunderbird"), HDFS);
        expectMalformed("custom-zookeeper", parsers.get("custom-zookeeper"), HDFS);
        expectMalformed("custom-hdfs", parsers.get("custom-hdfs"), ZOOKEEPER);
        expectMalformed("sequences", parsers.get("sequences"), HDFS);
    }

    @Test
    void aOneMegabyteLineThatFitsStillParses() throws Exception {
        String big = "081109 203531 145 INFO dfs.DataNode: blk_1 " + "x".repeat(1 << 20);
        LogRecord r = new HdfsFormat().parse(big);
        assertThat(r.content).hasSize((1 << 20) + 6);
        LogRecord c = new CustomFormat("<Date> <Time> <Pid> <Level> <Component>: <Content>").parse(big);
        assertThat(c.content).isEqualTo(r.content);
    }

    /** Random cuts, byte flips and insertions of valid lines: a record or a reason, nothing else. */
    @Test
    void mutatedValidLinesNeverThrowAnythingElse() {
        Random random = new Random(42);
        String alphabet = " :[]{}\"\\,-0123456789blk_\t\r\u0000\uFFFD\u00e9xyz";
        Map<String, Parser> parsers = parsers();
        for (Map.Entry<String, String> v : validLines().entrySet()) {
            Parser parser = parsers.get(v.getKey());
            for (int i = 0; i < 3000; i++) {
                StringBuilder b = new StringBuilder(v.getValue());
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int at = random.nextInt(b.length());
                    switch (random.nextInt(4)) {
                        case 0: b.setLength(at); break;
                        case 1: b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                        case 2: b.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                        default: b.deleteCharAt(at); break;
                    }
                }
                String line = b.toString();
                try {
                    assertThat(parser.parse(line)).isNotNull();
                } catch (MalformedLineException e) {
                    assertReadable(v.getKey(), line, e);
                } catch (RuntimeException e) {
                    fail(v.getKey() + " threw " + e + " on " + line, e);
                }
            }
        }
    }

    private static void expectMalformed(String name, Parser parser, String line) {
        String shown = line == null ? "null" : line.length() > 60 ? line.substring(0, 60) + "... (" + line.length() + ")" : line;
        try {
            Object r = parser.parse(line);
            fail(name + " accepted " + shown + " as " + r);
        } catch (MalformedLineException e) {
            assertReadable(name, shown, e);
        } catch (RuntimeException e) {
            fail(name + " threw " + e + " on " + shown, e);
        }
    }

    private static void assertReadable(String name, String line, MalformedLineException e) {
        assertThat(e.getMessage()).as("%s on %s", name, line).isNotBlank().hasSizeLessThan(600);
        assertThat(e.getStackTrace()).isEmpty();
    }
}
