package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import dev.logsieve.testing.SharedData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupercomputerFormatTest {
    private final SupercomputerFormat bgl = new SupercomputerFormat("bgl");
    private final SupercomputerFormat thunderbird = new SupercomputerFormat("thunderbird");

    @Test
    void bglExample() throws Exception {
        LogRecord r = bgl.parse("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872"
                + " R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected");
        // Epoch seconds of the Id column plus the millis of the (local, UTC-7) Time column.
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2005-06-03T22:42:50.675Z"));
        assertThat(r.label).isEqualTo(Labels.NORMAL);
        assertThat(r.component).isEqualTo("KERNEL");
        assertThat(r.level).isEqualTo("INFO");
        assertThat(r.content).isEqualTo("instruction cache parity error corrected");
        assertThat(r.sessionKeys).isEmpty();
        assertThat(bgl.hasSessions()).isFalse();
    }

    @Test
    void bglAlertIsAnomalousAndBadTimeFallsBackToWholeSeconds() throws Exception {
        LogRecord r = bgl.parse("APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 garbled"
                + " R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream");
        assertThat(r.label).isEqualTo(Labels.ANOMALOUS);
        assertThat(r.level).isEqualTo("FATAL");
        assertThat(r.component).isEqualTo("APP");
        assertThat(r.content).isEqualTo("ciod: failed to read message prefix on control stream");
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2005-06-04T07:24:32Z"));
    }

    @Test
    void bglWithEmptyContentStillCarriesItsLabel() throws Exception {
        LogRecord r = bgl.parse("KERNDTLB 1117838570 2005.06.03 N 2005-06-03-15.42.50.675872 N RAS KERNEL FATAL");
        assertThat(r.content).isEmpty();
        assertThat(r.label).isEqualTo(Labels.ANOMALOUS);
    }

    @Test
    void bglReasons() {
        assertThatThrownBy(() -> bgl.parse("- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("expected 9 header fields before the content of a bgl line but found 5");
        assertThatThrownBy(() -> bgl.parse("- 11178x8570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("bad epoch seconds '11178x8570' in the second field (expected digits)");
    }

    @Test
    void aLineOfAnotherFormatIsRejectedByItsDate() {
        assertThatThrownBy(() -> bgl.parse("081109 203531 145 INFO dfs.DataNode$DataXceiver: Receiving block"
                + " blk_8376667364205250596 src: /10.250.17.225:38889 dest: /10.250.17.225:50010"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("bad date '145' in the third field (expected yyyy.MM.dd)");
        assertThatThrownBy(() -> thunderbird.parse("- 1131566461 2005.13.09 dn228 Nov 9 12:01:01 dn228/dn228 x: y"))
                .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("bad date '2005.13.09'");
    }

    @Test
    void thunderbirdExample() throws Exception {
        LogRecord r = thunderbird.parse("- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228"
                + " crond(pam_unix)[2915]: session closed for user root");
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2005-11-09T20:01:01Z"));
        assertThat(r.component).isEqualTo("crond(pam_unix)");
        assertThat(r.content).isEqualTo("session closed for user root");
        assertThat(r.level).isNull();
        assertThat(r.label).isEqualTo(Labels.NORMAL);
        assertThat(thunderbird.hasSessions()).isFalse();
    }

    @Test
    void thunderbirdRunsOfSpacesAndMessagesWithoutComponent() throws Exception {
        LogRecord r = thunderbird.parse("VAPI 1131566461 2005.11.09 dn228 Nov  9 12:01:01 dn228/dn228 kernel:  oops");
        assertThat(r.component).isEqualTo("kernel");
        assertThat(r.content).isEqualTo("oops");
        assertThat(r.label).isEqualTo(Labels.ANOMALOUS);
        LogRecord plain = thunderbird.parse("- 1131566461 2005.11.09 dn228 Nov  9 12:01:01 dn228/dn228 no colon here");
        assertThat(plain.component).isNull();
        assertThat(plain.content).isEqualTo("no colon here");
    }

    @Test
    void libertyAndSpiritShareTheThunderbirdLayout() throws Exception {
        String line = "- 1102911138 2004.12.12 ln103 Dec 12 20:12:18 ln103/ln103 sshd[1234]: Accepted publickey";
        for (String name : new String[] {"liberty", "spirit", "LIBERTY"}) {
            LogRecord r = new SupercomputerFormat(name).parse(line);
            assertThat(r.component).isEqualTo("sshd");
            assertThat(r.content).isEqualTo("Accepted publickey");
            assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.ofEpochSecond(1102911138));
        }
        assertThat(new SupercomputerFormat("Spirit").name()).isEqualTo("spirit");
        assertThatThrownBy(() -> new SupercomputerFormat("hpc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bgl, thunderbird, liberty, spirit");
        assertThatThrownBy(() -> thunderbird.parse("- 1131566461 2005.11.09 dn228 Nov 9"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("found 6");
    }

    @Test
    void loghubBgl2kMatchesTheStructuredCsv() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("loghub_2k/BGL/BGL_2k.log"));
        List<Map<String, String>> rows = TestFiles.csv(SharedData.require("loghub_2k/BGL/BGL_2k.log_structured.csv"));
        assertThat(lines).hasSize(2000);
        assertThat(rows).hasSize(2000);
        int alerts = 0;
        for (int i = 0; i < lines.size(); i++) {
            LogRecord r = bgl.parse(lines.get(i));
            Map<String, String> row = rows.get(i);
            assertThat(r.content).as("line %d", i + 1).isEqualTo(row.get("Content"));
            assertThat(r.label).as("line %d", i + 1)
                    .isEqualTo(row.get("Label").equals("-") ? Labels.NORMAL : Labels.ANOMALOUS);
            assertThat(r.component).as("line %d", i + 1).isEqualTo(row.get("Component"));
            assertThat(r.level).as("line %d", i + 1).isEqualTo(row.get("Level"));
            assertThat(r.timestamp / 1000).as("line %d", i + 1).isEqualTo(Long.parseLong(row.get("Timestamp")));
            String time = row.get("Time");
            assertThat(r.timestamp % 1000).as("line %d", i + 1)
                    .isEqualTo(Long.parseLong(time.substring(time.lastIndexOf('.') + 1, time.lastIndexOf('.') + 4)));
            alerts += r.label;
        }
        assertThat(alerts).isEqualTo(143);
    }

    @Test
    void loghubThunderbird2kMatchesTheStructuredCsv() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("loghub_2k/Thunderbird/Thunderbird_2k.log"));
        List<Map<String, String>> rows =
                TestFiles.csv(SharedData.require("loghub_2k/Thunderbird/Thunderbird_2k.log_structured.csv"));
        assertThat(lines).hasSize(2000);
        assertThat(rows).hasSize(2000);
        for (int i = 0; i < lines.size(); i++) {
            LogRecord r = thunderbird.parse(lines.get(i));
            Map<String, String> row = rows.get(i);
            assertThat(r.content).as("line %d: %s", i + 1, lines.get(i)).isEqualTo(row.get("Content"));
            assertThat(r.component).as("line %d: %s", i + 1, lines.get(i)).isEqualTo(row.get("Component"));
            assertThat(r.label).isEqualTo(Labels.NORMAL);
            assertThat(r.timestamp).isEqualTo(Long.parseLong(row.get("Timestamp")) * 1000);
        }
    }
}
