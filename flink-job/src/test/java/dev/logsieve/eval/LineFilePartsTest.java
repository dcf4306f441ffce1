package dev.logsieve.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineFilePartsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void partsStartAtLineStartsAndTogetherHoldEveryByteOnce() throws Exception {
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            text.append("line ").append(i).append(" ").append("x".repeat(random.nextInt(300))).append('\n');
        }
        text.append("a last line without its end");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        java.nio.file.Path file = Files.write(dir.resolve("lines.jsonl"), bytes);
        Path path = new Path(file.toUri());

        for (int parts = 1; parts <= 9; parts++) {
            long[] bounds = LineFileParts.boundaries(path, parts, 1024);
            assertThat(bounds).as("%d parts", parts).hasSize(parts + 1).startsWith(0L).endsWith((long) bytes.length).isSorted();
            for (int i = 1; i < parts; i++) {
                assertThat(bytes[(int) bounds[i] - 1]).as("the byte before part %d of %d", i, parts).isEqualTo((byte) '\n');
            }
            List<byte[]> read = LineFileParts.read(path, bounds, in -> in.readAllBytes());
            ByteArrayOutputStream together = new ByteArrayOutputStream();
            for (byte[] part : read) {
                together.write(part);
            }
            assertThat(together.toByteArray()).as("%d parts read together", parts).isEqualTo(bytes);
        }
        assertThat(LineFileParts.boundaries(path, 4)).as("a small file is one part").containsExactly(0L, bytes.length);
    }
}
