package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.testing.SharedData;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionLabelsTest {

    @Test
    void readsTheHdfsLabels() throws Exception {
        Map<String, Integer> labels = SessionLabels.read(SharedData.require("hdfs/anomaly_label.csv"));
        assertThat(labels).hasSize(9_201);
        assertThat(labels.values().stream().filter(v -> v == Labels.ANOMALOUS).count()).isEqualTo(280);
        assertThat(labels.values().stream().filter(v -> v == Labels.NORMAL).count()).isEqualTo(8_921);
        assertThat(labels).containsEntry("blk_8376667364205250596", Labels.NORMAL);
    }

    @Test
    void acceptsTheUsualSpellings() throws Exception {
        Map<String, Integer> labels = SessionLabels.read(new StringReader(
                "\uFEFFBlockId,Label\nblk_1,Normal\n\"blk_2\", \"Anomaly\"\nblk_3,0\nblk_4,1\n\nblk_5,ANOMALOUS\nblk_6,normal\n"
                        + "blk_1,normal\n"), "x.csv");
        assertThat(labels).containsOnly(
                Map.entry("blk_1", Labels.NORMAL), Map.entry("blk_2", Labels.ANOMALOUS),
                Map.entry("blk_3", Labels.NORMAL), Map.entry("blk_4", Labels.ANOMALOUS),
                Map.entry("blk_5", Labels.ANOMALOUS), Map.entry("blk_6", Labels.NORMAL));
        assertThat(SessionLabels.read(new StringReader("blk_1,Anomaly\n"), "noheader.csv"))
                .containsEntry("blk_1", Labels.ANOMALOUS);
    }

    @Test
    void badRowsNameTheFileAndLine() {
        assertThatThrownBy(() -> SessionLabels.read(new StringReader("BlockId,Label\nblk_1,Normal\nblk_2,maybe\n"), "labels.csv"))
                .isInstanceOf(IOException.class)
                .hasMessage("labels.csv line 3: unknown label 'maybe' (expected Normal/Anomaly, 0/1 or normal/anomalous)");
        assertThatThrownBy(() -> SessionLabels.read(new StringReader("BlockId,Label\nblk_1 Normal\n"), "labels.csv"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("labels.csv line 2: expected 'key,label'");
        assertThatThrownBy(() -> SessionLabels.read(new StringReader("BlockId,Label\nblk_1,Normal\nblk_1,Anomaly\n"), "l.csv"))
                .isInstanceOf(IOException.class)
                .hasMessage("l.csv line 3: blk_1 is labeled anomalous here but normal on an earlier line");
        assertThatThrownBy(() -> SessionLabels.read(new StringReader("BlockId,Label\n,Normal\n"), "l.csv"))
                .isInstanceOf(IOException.class).hasMessage("l.csv line 2: empty session key");
    }
}
