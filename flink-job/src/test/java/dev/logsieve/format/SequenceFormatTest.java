package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.testing.SharedData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceFormatTest {
    private final SequenceFormat format = new SequenceFormat();

    @Test
    void readsTheDocumentedShape() throws Exception {
        SequenceFormat.Entry e = format.parse("{\"id\": \"blk_42\", \"messages\": [\"a <*>\", \"b\"], \"label\": 1}");
        assertThat(e.id).isEqualTo("blk_42");
        assertThat(e.messages).containsExactly("a <*>", "b");
        assertThat(e.label).isEqualTo(Labels.ANOMALOUS);
        assertThat(e.lineLabels).isNull();
    }

    @Test
    void idAndLabelAreOptional() throws Exception {
        SequenceFormat.Entry e = format.parse("{\"messages\": [\"x\"], \"extra\": {\"nested\": [1, 2, {\"k\": null}]}}");
        assertThat(e.id).isNull();
        assertThat(e.label).isEqualTo(Labels.UNKNOWN);
        assertThat(format.parse("{\"id\": 7, \"messages\": [\"x\"], \"label\": null}").id).isEqualTo("7");
        assertThat(format.parse("{\"messages\": [\"x\"], \"label\": 0}").label).isEqualTo(Labels.NORMAL);
    }

    @Test
    void readsTheBglWindowShape() throws Exception {
        SequenceFormat.Entry e = format.parse(
                "{\"start\": 200, \"label\": 1, \"line_labels\": [1, 0], \"templates\": [\"ciod: <*>\", \"y\"]}");
        assertThat(e.id).isEqualTo("200");
        assertThat(e.messages).containsExactly("ciod: <*>", "y");
        assertThat(e.lineLabels).containsExactly(1, 0);
        assertThat(e.label).isEqualTo(Labels.ANOMALOUS);
    }

    @Test
    void reasonsForBadLines() {
        assertThatThrownBy(() -> format.parse("{\"messages\": [\"x\"], \"label\": 2}"))
                .isInstanceOf(MalformedLineException.class).hasMessage("\"label\" must be 0 or 1 but is '2'");
        assertThatThrownBy(() -> format.parse("{\"messages\": [\"x\"], \"label\": \"yes\"}"))
                .isInstanceOf(MalformedLineException.class).hasMessage("\"label\" must be 0 or 1 but is a string 'yes'");
        assertThatThrownBy(() -> format.parse("{\"id\": \"a\", \"label\": 1}"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("no \"messages\" (or \"templates\") array in the object");
        assertThatThrownBy(() -> format.parse("{\"messages\": []}"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("no messages");
        assertThatThrownBy(() -> format.parse("{\"messages\": [\"a\", 3]}"))
                .isInstanceOf(MalformedLineException.class).hasMessage("\"messages\"[1] must be a string but is a number");
        assertThatThrownBy(() -> format.parse("{\"messages\": \"a\"}"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("must be an array of strings");
        assertThatThrownBy(() -> format.parse("{\"messages\": [\"a\"]"))
                .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("bad JSON: ");
        assertThatThrownBy(() -> format.parse("{\"messages\": [\"a\"]} {}"))
                .isInstanceOf(MalformedLineException.class).hasMessage("text after the JSON object: an object");
        assertThatThrownBy(() -> format.parse("[\"a\"]"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> format.parse("{\"templates\": [\"a\", \"b\"], \"line_labels\": [0]}"))
                .isInstanceOf(MalformedLineException.class).hasMessageContaining("\"line_labels\" has 1 entries");
        assertThatThrownBy(() -> format.parse("  "))
                .isInstanceOf(MalformedLineException.class).hasMessage("empty line");
        assertThatThrownBy(() -> format.parse("081109 203531 145 INFO dfs.DataNode: blk_1"))
                .isInstanceOf(MalformedLineException.class).hasMessageStartingWith("bad JSON: ");
    }

    @Test
    void readsTheSharedBglWindows() throws Exception {
        List<String> lines = TestFiles.lines(SharedData.require("bgl/bgl_windows100_train.jsonl.gz"));
        int anomalous = 0;
        long alerts = 0;
        Set<String> templates = new HashSet<>();
        for (String line : lines) {
            SequenceFormat.Entry e = format.parse(line);
            assertThat(e.messages).hasSize(100);
            int max = 0;
            for (int l : e.lineLabels) {
                alerts += l;
                max = Math.max(max, l);
            }
            assertThat(e.label).isEqualTo(max);
            anomalous += e.label;
            templates.addAll(List.of(e.messages));
        }
        // The README's numbers: 5,019 windows, 908 with an alert, 20,218 alert messages, 440 templates.
        assertThat(lines).hasSize(5_019);
        assertThat(anomalous).isEqualTo(908);
        assertThat(alerts).isEqualTo(20_218);
        assertThat(templates).hasSize(440);
        assertThat(format.parse(lines.get(1)).id).isEqualTo("100");
    }
}
