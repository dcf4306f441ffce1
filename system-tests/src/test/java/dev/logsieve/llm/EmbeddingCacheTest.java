package dev.logsieve.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.llm.train.Encoders;
import dev.logsieve.mask.TemplateIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

    @Test
    void computesEachTemplateOnce() throws Exception {
        List<String> computed = new ArrayList<>();
        OnnxEncoder encoder = Encoders.encoder();
        EmbeddingCache cache = new EmbeddingCache(messages -> {
            computed.addAll(messages);
            return encoder.embed(messages);
        }, 100);

        List<String> sequence = List.of(Encoders.MESSAGES.get(0), Encoders.MESSAGES.get(1), Encoders.MESSAGES.get(0),
                Encoders.MESSAGES.get(2), Encoders.MESSAGES.get(1));
        float[][] first = cache.embed(ids(sequence), sequence);
        assertThat(computed).containsExactly(Encoders.MESSAGES.get(0), Encoders.MESSAGES.get(1), Encoders.MESSAGES.get(2));
        assertThat(cache.misses()).isEqualTo(3);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(first[2]).isSameAs(first[0]);

        float[][] second = cache.embed(ids(sequence), sequence);
        assertThat(computed).hasSize(3);
        assertThat(cache.hits()).isEqualTo(7);
        for (int i = 0; i < first.length; i++) {
            assertThat(second[i]).isSameAs(first[i]);
        }
        assertThat(cache.embed(TemplateIds.of(Encoders.MESSAGES.get(3)), Encoders.MESSAGES.get(3)))
                .containsExactly(encoder.embed(List.of(Encoders.MESSAGES.get(3)))[0]);
        assertThat(computed).hasSize(4);
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void evictsTheLeastRecentlyUsedTemplate() {
        List<String> computed = new ArrayList<>();
        EmbeddingCache cache = new EmbeddingCache(messages -> {
            computed.addAll(messages);
            return messages.stream().map(m -> new float[] {m.length()}).toArray(float[][]::new);
        }, 2);
        cache.embed(1, "a");
        cache.embed(2, "bb");
        cache.embed(1, "a");   // 1 is now the most recent
        cache.embed(3, "ccc"); // evicts 2
        cache.embed(1, "a");
        cache.embed(2, "bb");
        assertThat(computed).containsExactly("a", "bb", "ccc", "bb");
        assertThat(cache.size()).isEqualTo(2);
    }

    private static long[] ids(List<String> templates) {
        return templates.stream().mapToLong(TemplateIds::of).toArray();
    }
}
