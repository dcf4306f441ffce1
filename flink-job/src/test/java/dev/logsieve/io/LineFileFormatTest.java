package dev.logsieve.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line reader keeps every line, whatever the bytes, with exact line numbers and byte lengths. */
class LineFileFormatTest {

    private static List<RawLine> read(byte[] bytes, int maxLine) throws IOException {
        List<RawLine> out = new ArrayList<>();
        try (var r = new LineFileFormat.LineReader(new ByteArrayInputStream(bytes), "test", maxLine)) {
            for (RawLine l; (l = r.read()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
        List<RawLine> lines = read("a\r\nbb\n\nccc".getBytes(StandardCharsets.UTF_8), 1024);
        assertThat(lines).extracting(l -> l.text).containsExactly("a", "bb", "", "ccc");
        assertThat(lines).extracting(l -> l.lineNumber).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines).extracting(l -> l.truncated).containsOnly(false);
    }

    @Test
    void anEmptyInputHasNoLinesAndATrailingNewlineAddsNone() throws IOException {
        assertThat(read(new byte[0], 1024)).isEmpty();
        assertThat(read("x\n".getBytes(StandardCharsets.UTF_8), 1024)).hasSize(1);
    }

    @Test
    void longLinesAreCutFlaggedAndDoNotSwallowTheNextLine() throws IOException {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.write("first\n".getBytes(StandardCharsets.UTF_8));
        bos.write(big);
        bos.write("\nlast\n".getBytes(StandardCharsets.UTF_8));
        List<RawLine> lines = read(bos.toByteArray(), 4096);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).truncated).isTrue();
        assertThat(lines.get(1).bytes).isEqualTo(1 << 20);
        assertThat(lines.get(1).text).hasSize(4096);
        assertThat(lines.get(2).text).isEqualTo("last");
        assertThat(lines.get(2).lineNumber).isEqualTo(3);
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        byte[] bytes = {'o', 'k', (byte) 0xff, (byte) 0xfe, 'x', '\n', (byte) 0xc3, (byte) 0xa9, '\n', 0, 1, 2, '\n'};
        List<RawLine> lines = read(bytes, 1024);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).text).isEqualTo("ok\uFFFD\uFFFDx");
        assertThat(lines.get(1).text).isEqualTo("é");
        assertThat(lines.get(2).text).isEqualTo("\u0000\u0001\u0002");
        assertThat(lines.get(0).bytes).isEqualTo(5);
        // The invalid line is flagged and keeps its bytes; valid UTF-8, even U+FFFD itself, is not flagged.
        assertThat(lines).extracting(l -> l.invalidUtf8).containsExactly(true, false, false);
        assertThat(lines.get(0).original).containsExactly('o', 'k', 0xff, 0xfe, 'x');
        assertThat(lines.get(1).original).isNull();
        assertThat(read("\uFFFD\n".getBytes(StandardCharsets.UTF_8), 1024).get(0).invalidUtf8).isFalse();
    }

    @Test
    void aLineCutInsideACharacterIsNotCalledInvalid() throws IOException {
        byte[] bytes = "aaaaaaaaaaaaaaa\u00e9\u00e9".getBytes(StandardCharsets.UTF_8); // 15 + 4 bytes; the cut at 16 splits an é
        RawLine line = read(bytes, 16).get(0);
        assertThat(line.truncated).isTrue();
        assertThat(line.invalidUtf8).as("the cut line goes to the dead letters as too long, not as invalid").isFalse();
    }
}
