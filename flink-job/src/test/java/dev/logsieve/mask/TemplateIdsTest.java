package dev.logsieve.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemplateIdsTest {

    /** FNV-1a 64 the obvious way, over {@code getBytes(UTF_8)}. */
    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void knownValues() {
        assertThat(TemplateIds.of("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(TemplateIds.of("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(TemplateIds.of("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void stableForATemplate() {
        String t = "Receiving block <*> src: <*> dest: <*>";
        assertThat(TemplateIds.of(t)).isEqualTo(TemplateIds.of(new String(t.toCharArray())));
        assertThat(TemplateIds.of(t)).isEqualTo(fnv1a(t));
        assertThat(TemplateIds.of(t)).isNotEqualTo(TemplateIds.of("Receiving block <*> src: <*> dest:<*>"));
    }

    @Test
    void equalsFnvOverUtf8BytesForAllKindsOfCharacters() {
        String[] samples = {"é", "ß", "Ж", "中", "٣", "e\u0301", "\uD835\uDFD8", "😀", "\u007f\u0080\u07ff\u0800\uffff",
            "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "<*> ok <*>"};
        for (String s : samples) {
            assertThat(TemplateIds.of(s)).as(s).isEqualTo(fnv1a(s));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 20_000; k++) {
            char[] cs = new char[rnd.nextInt(12)];
            for (int j = 0; j < cs.length; j++) {
                int bucket = rnd.nextInt(4);
                cs[j] = (char) switch (bucket) {
                    case 0 -> rnd.nextInt(0x80);
                    case 1 -> rnd.nextInt(0x800);
                    case 2 -> 0xD800 + rnd.nextInt(0x800); // surrogates, paired or not
                    default -> rnd.nextInt(0x10000);
                };
            }
            String s = new String(cs);
            assertThat(TemplateIds.of(s)).as("%s", s.chars().boxed().toList()).isEqualTo(fnv1a(s));
        }
    }

    @Test
    void idOfMaskedLinesWithTheSameTemplateIsTheSame() {
        long a = TemplateIds.of(LogMasker.mask("Receiving block blk_-562 src: /10.250.19.102:54106 dest: /10.250.19.102:50010"));
        long b = TemplateIds.of(LogMasker.mask("Receiving block blk_77 src: /10.0.0.2:1 dest: /10.0.0.3:50010"));
        assertThat(a).isEqualTo(b);
    }
}
