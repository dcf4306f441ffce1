package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import dev.logsieve.testing.SharedData;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HdfsFormatTest {
    private final HdfsFormat format = new HdfsFormat();

    @Test
    void parsesTheDocumentedExample() throws Exception {
        LogRecord r = format.parse("081109 203531 145 INFO dfs.DataNode$DataXceiver: Receiving block"
                + " blk_8376667364205250596 src: /10.250.17.225:38889 dest: /10.250.17.225:50010");
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2008-11-09T20:35:31Z"));
        assertThat(r.level).isEqualTo("INFO");
        assertThat(r.component).isEqualTo("dfs.DataNode$DataXceiver");
        assertThat(r.content).isEqualTo("Receiving block blk_8376667364205250596 src: /10.250.17.225:38889"
                + " dest: /10.250.17.225:50010");
        assertThat(r.sessionKeys).containsExactly("blk_8376667364205250596");
        assertThat(r.label).isEqualTo(Labels.UNKNOWN);
        assertThat(r.source).isNull();
        assertThat(r.lineNumber).isZero();
        assertThat(format.hasSessions()).isTrue();
        assertThat(format.name()).isEqualTo("hdfs");
    }

    @Test
    void lineNamingTwoBlocksHasBothKeysInOrderOnce() throws Exception {
        LogRecord r = format.parse("081111 093302 19 INFO dfs.FSNamesystem: BLOCK* ask 10.251.71.68:50010 to"
                + " replicate blk_-1608999687919862906 to datanode(s) 10.251.31.5:50010; also blk_42 and"
                + " blk_-1608999687919862906 again, blk_ without digits");
        assertThat(r.sessionKeys).containsExactly("blk_-1608999687919862906", "blk_42");
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2008-11-11T09:33:02Z"));
    }

    @Test
    void manyBlocksKeepFirstAppearanceOrder() throws Exception {
        StringBuilder b = new StringBuilder("081109 203531 1 WARN dfs.X: ");
        for (int i = 0; i < 10; i++) {
            b.append("blk_").append(i).append(' ').append("blk_").append(i / 2).append(' ');
        }
        assertThat(format.parse(b.toString()).sessionKeys)
                .containsExactly("blk_0", "blk_1", "blk_2", "blk_3", "blk_4", "blk_5", "blk_6", "blk_7", "blk_8", "blk_9");
    }

    @Test
    void toleratesRunsOfSpacesAndSurroundingWhitespace() throws Exception {
        LogRecord r = format.parse("  081109  203531\t145 WARN   dfs.DataNode:   Got blk_1 \r");
        assertThat(r.level).isEqualTo("WARN");
        assertThat(r.component).isEqualTo("dfs.DataNode");
        assertThat(r.content).isEqualTo("Got blk_1");
    }

    @Test
    void datesAreCheckedAndLeapYearsKnown() throws Exception {
        assertThat(Instant.ofEpochMilli(format.parse("080229 235959 1 INFO c: blk_1").timestamp))
                .isEqualTo(Instant.parse("2008-02-29T23:59:59Z"));
        assertThat(Instant.ofEpochMilli(format.parse("000101 000000 1 INFO c: blk_1").timestamp))
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThatThrownBy(() -> format.parse("090229 120000 1 INFO c: blk_1"))
                .isInstanceOf(MalformedLineException.class).hasMessage("bad date '090229' (expected yyMMdd)");
        assertThatThrownBy(() -> format.parse("081109 2561x 1 INFO c: blk_1"))
                .isInstanceOf(MalformedLineException.class).hasMessage("bad time '2561x' (expected HHmmss)");
        assertThatThrownBy(() -> format.parse("081109 246000 1 INFO c: blk_1"))
                .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("bad time '246000'");
    }

    @Test
    void reasonsForBadLines() {
        assertThatThrownBy(() -> format.parse("081109 203531 145"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessageContaining("expected 5 header fields").hasMessageContaining("found 3");
        assertThatThrownBy(() -> format.parse("081109 203531 145 INFO dfs.DataNode no colon blk_1"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("no ': ' after the component");
        assertThatThrownBy(() -> format.parse("081109 203531 145 INFO dfs.FSNamesystem: BLOCK* NameSystem.x"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("no session key (blk_ id) in the content");
        assertThatThrownBy(() -> format.parse(""))
                .isInstanceOf(MalformedLineException.class).hasMessage("empty line");
    }

    @Test
    void loghubHdfs2kMatchesTheStructuredCsv() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("loghub_2k/HDFS/HDFS_2k.log"));
        List<Map<String, String>> rows = TestFiles.csv(SharedData.require("loghub_2k/HDFS/HDFS_2k.log_structured.csv"));
        assertThat(lines).hasSize(2000);
        assertThat(rows).hasSize(2000);
        for (int i = 0; i < lines.size(); i++) {
            LogRecord r = format.parse(lines.get(i));
            Map<String, String> row = rows.get(i);
            assertThat(r.content).as("line %d", i + 1).isEqualTo(row.get("Content"));
            assertThat(r.component).as("line %d", i + 1).isEqualTo(row.get("Component"));
            assertThat(r.level).as("line %d", i + 1).isEqualTo(row.get("Level"));
        }
    }

    @Test
    void wholeHdfsSampleParses() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("hdfs/HDFS_sample.log.gz"));
        assertThat(lines).hasSize(178_116);
        Set<String> blocks = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int warn = 0;
        int multi = 0;
        for (String line : lines) {
            LogRecord r = format.parse(line);
            for (String k : r.sessionKeys) {
                blocks.add(k);
            }
            multi += r.sessionKeys.length > 1 ? 1 : 0;
            warn += "WARN".equals(r.level) ? 1 : 0;
            min = Math.min(min, r.timestamp);
            max = Math.max(max, r.timestamp);
        }
        // The README's numbers: 9,201 blocks, one block per line, 5,923 WARN lines, 2008-11-09 20:35:31 .. 11-11 11:12:00.
        assertThat(blocks).hasSize(9_201);
        assertThat(multi).isZero();
        assertThat(warn).isEqualTo(5_923);
        assertThat(Instant.ofEpochMilli(min)).isEqualTo(Instant.parse("2008-11-09T20:35:31Z"));
        assertThat(Instant.ofEpochMilli(max)).isEqualTo(Instant.parse("2008-11-11T11:12:00Z"));
        // Every block of the sample has a label in anomaly_label.csv.
        Map<String, Integer> labels = SessionLabels.read(SharedData.require("hdfs/anomaly_label.csv"));
        assertThat(labels.keySet()).isEqualTo(blocks);
    }

    /** Not a benchmark (JMH is for that): a rough lines/s figure printed for the record. */
    @Test
    void roughParseSpeedOnTheHdfsSample() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("hdfs/HDFS_sample.log.gz"));
        long sink = 0;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            for (String line : lines) {
                sink += format.parse(line).timestamp;
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        double perSecond = lines.size() / (best / 1e9);
        System.out.printf("HdfsFormat: %,.0f lines/s (best of 8 rounds over %,d lines; sink %d)%n",
                perSecond, lines.size(), sink & 1);
        assertThat(perSecond).isGreaterThan(10_000);
    }
}
