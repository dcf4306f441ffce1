package dev.logsieve.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors reading: dtype conversion, row selection, and errors naming the tensor and file. */
class SafetensorsReaderTest {

    @Test
    void halfPrecisionConvertsExactly() {
        assertThat(SafetensorsReader.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(SafetensorsReader.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(SafetensorsReader.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(SafetensorsReader.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(SafetensorsReader.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(SafetensorsReader.halfToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
        assertThat(SafetensorsReader.halfToFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
        assertThat(Float.floatToIntBits(SafetensorsReader.halfToFloat((short) 0x8000)))
                .isEqualTo(Float.floatToIntBits(-0f));
        assertThat(SafetensorsReader.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(SafetensorsReader.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(SafetensorsReader.halfToFloat((short) 0x7e00)).isNaN();
        for (float f : new float[] {0.5f, -0.0078125f, 3.140625f, 1024f}) {
            assertThat(SafetensorsReader.halfToFloat(TinyLlama.f16(f))).isEqualTo(f);
        }
    }

    @Test
    void readsWholeTensorsAndSelectedRowsInEveryDtype(@TempDir Path dir) throws Exception {
        float[] m = new float[6 * 4];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i - 12) / 8f; // exact in F16 and BF16
        }
        for (String dtype : new String[] {"F32", "F16", "BF16"}) {
            Map<String, TinyLlama.T> t = new LinkedHashMap<>();
            t.put("v", new TinyLlama.T(new long[] {3}, new float[] {1.5f, -2f, 0.25f}));
            t.put("m", new TinyLlama.T(new long[] {6, 4}, m));
            Path f = dir.resolve(dtype + ".safetensors");
            TinyLlama.writeSafetensors(f, t, dtype);
            try (SafetensorsReader r = SafetensorsReader.open(f)) {
                assertThat(r.entries().keySet()).containsExactly("v", "m");
                assertThat(r.entry("m").dtype()).isEqualTo(dtype);
                assertThat(r.read("v")).containsExactly(1.5f, -2f, 0.25f);
                assertThat(r.read("m")).containsExactly(m);
                float[] rows = r.readRows("m", new int[] {5, 0, 5});
                assertThat(rows).hasSize(12);
                for (int c = 0; c < 4; c++) {
                    assertThat(rows[c]).isEqualTo(m[20 + c]);
                    assertThat(rows[4 + c]).isEqualTo(m[c]);
                    assertThat(rows[8 + c]).isEqualTo(m[20 + c]);
                }
                assertThatThrownBy(() -> r.read("w")).hasMessageContaining(f + " has no tensor w");
                assertThatThrownBy(() -> r.readRows("m", new int[] {6})).hasMessageContaining("row 6 is outside tensor m");
                assertThatThrownBy(() -> r.readRows("v", new int[] {0})).hasMessageContaining("not a matrix");
            }
        }
    }

    @Test
    void otherDtypesAndNonSafetensorsFilesAreRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("i8.safetensors");
        TinyLlama.writeSafetensors(f, Map.of("q", new TinyLlama.T(new long[] {2}, null)), "F32");
        String bytes = Files.readString(f, StandardCharsets.ISO_8859_1); // one char per byte
        Files.writeString(f, bytes.replace("\"F32\"", "\"I8\" "), StandardCharsets.ISO_8859_1); // same length
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertThatThrownBy(() -> r.read("q")).hasMessageContaining("tensor q has dtype I8")
                    .hasMessageContaining("F32, F16 and BF16");
        }
        Path text = dir.resolve("text.safetensors");
        Files.writeString(text, "hello, not a tensor file");
        assertThatThrownBy(() -> SafetensorsReader.open(text)).hasMessageContaining("not a safetensors file");
    }
}
