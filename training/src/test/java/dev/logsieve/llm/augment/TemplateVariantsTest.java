package dev.logsieve.llm.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateVariantsTest {

    private static final List<String> TEMPLATES = List.of(
            "ciod: Error reading message prefix after <*> on CioStream socket to <*>",
            "total of <*> ddr error(s) detected and corrected",
            "critical input interrupt <*>",
            "panic");

    private static Set<String> words() {
        Set<String> w = new HashSet<>(Set.of(TemplateVariants.VARIABLE));
        TEMPLATES.forEach(t -> w.addAll(Arrays.asList(t.split(" "))));
        return w;
    }

    @Test
    void rewordingsDifferFromTheTemplateAndUseOnlyKnownWords() {
        TemplateVariants v = new TemplateVariants(TEMPLATES);
        List<String> out = v.of(TEMPLATES.get(0), 50, new Random(1));
        assertThat(out).hasSize(50).doesNotContain(TEMPLATES.get(0)).allSatisfy(s -> {
            assertThat(words()).containsAll(Arrays.asList(s.split(" ")));
            int diff = Math.abs(s.split(" ").length - TEMPLATES.get(0).split(" ").length);
            assertThat(diff).as("one or two edits, a phrase is at most four words").isLessThanOrEqualTo(8);
        });
        // a one-word template can still be reworded (insert, replace, phrase)
        assertThat(v.of("panic", 5, new Random(2))).hasSize(5).doesNotContain("panic");
    }

    @Test
    void theSameSeedGivesTheSameVariants() {
        TemplateVariants v = new TemplateVariants(TEMPLATES);
        assertThat(v.of(TEMPLATES.get(1), 8, new Random(7))).isEqualTo(v.of(TEMPLATES.get(1), 8, new Random(7)))
                .isNotEqualTo(v.of(TEMPLATES.get(1), 8, new Random(8)));
    }

    @Test
    void unfamiliarMessagesAreNewCombinationsOfPhrases() {
        List<String> out = new TemplateVariants(TEMPLATES).unfamiliar(100, new Random(3));
        assertThat(out).hasSize(100).allSatisfy(s -> {
            assertThat(words()).containsAll(Arrays.asList(s.split(" ")));
            assertThat(s.split(" ").length).isBetween(2, 18);
        });
        assertThat(out.stream().filter(TEMPLATES::contains).count()).as("almost never an existing template").isLessThan(10);
        assertThat(new TemplateVariants(List.of("", " ")).unfamiliar(5, new Random(1))).isEmpty();
    }
}
