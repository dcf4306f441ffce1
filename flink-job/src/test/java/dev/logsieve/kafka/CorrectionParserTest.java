package dev.logsieve.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.io.RawLine;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CorrectionParserTest {

    @Test
    void aCorrectionNamesItsSequenceByIdOrByTemplateIds() {
        LabelCorrection byId = CorrectionParser.parse("{\"sequenceId\": -42, \"label\": 1, \"who\": \"ops\", \"when\": 1700000000000}");
        assertThat(byId.sequenceId).isEqualTo(-42L);
        assertThat(byId.label).isEqualTo(Labels.ANOMALOUS);
        assertThat(byId.who).isEqualTo("ops");
        assertThat(byId.when).isEqualTo(1700000000000L);

        LabelCorrection byTemplates = CorrectionParser.parse("{\"templateIds\": [1, -2, 3], \"label\": null}");
        assertThat(byTemplates.sequenceId).isEqualTo(SequenceIds.of(new long[] {1, -2, 3}));
        assertThat(byTemplates.label).as("null deletes").isEqualTo(Labels.UNKNOWN);
    }

    @Test
    void aMalformedCorrectionSaysWhatIsWrong() {
        assertThatThrownBy(() -> CorrectionParser.parse("{oops")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CorrectionParser.parse("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> CorrectionParser.parse("{\"label\": 1}")).hasMessageContaining("sequenceId");
        assertThatThrownBy(() -> CorrectionParser.parse("{\"sequenceId\": 1}")).hasMessageContaining("label");
        assertThatThrownBy(() -> CorrectionParser.parse("{\"sequenceId\": 1, \"label\": 2}")).hasMessageContaining("0, 1 or null");
        assertThatThrownBy(() -> CorrectionParser.parse("{\"sequenceId\": \"x\", \"label\": 1}")).hasMessageContaining("64-bit");
    }

    @Test
    void aRecordKeepsItsOriginalBytesAndWhereItCameFrom() {
        byte[] value = {'a', (byte) 0xff, 'b', '\n'};
        RawLine line = RawRecords.toLine("logs", 3, 77, value, 64);
        assertThat(line.source).isEqualTo("logs-3");
        assertThat(line.lineNumber).isEqualTo(77);
        assertThat(line.text).isEqualTo("a\uFFFDb");
        assertThat(line.original).isEqualTo(value);

        RawLine cut = RawRecords.toLine("logs", 0, 1, "x".repeat(100).getBytes(StandardCharsets.UTF_8), 10);
        assertThat(cut.truncated).isTrue();
        assertThat(cut.bytes).isEqualTo(100);
        assertThat(cut.original).hasSize(100);
    }
}
