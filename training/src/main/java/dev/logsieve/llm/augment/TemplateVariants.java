package dev.logsieve.llm.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * New wordings of log templates, as text. Templates drift when software changes: LogRobust
 * (Zhang et al. 2019) made its "unstable" logs by inserting, deleting, replacing and shuffling
 * words; real upgrades also append a clause ("... over &lt;*&gt; seconds") or merge two messages.
 * {@link #of} applies one or two of these edits, at random, to a template's words (split at white
 * space):
 *
 * <ul>
 *   <li>delete a word (templates of two words or more),</li>
 *   <li>insert a word of any template, or {@code <*>}, at a random place,</li>
 *   <li>replace a word by a word of any template,</li>
 *   <li>swap two neighbouring words,</li>
 *   <li>append or prepend two to four consecutive words of another template.</li>
 * </ul>
 *
 * {@link #unfamiliar} makes messages no template has: two or three phrases of two to six
 * consecutive words of random templates, joined. {@link #reworded} applies one of the first three
 * edits only (LogRobust's; {@code evaluate --perturb template:R} rewords test templates with it).
 * Deterministic for a given {@link Random}.
 */
public final class TemplateVariants {

    /** Variable placeholder inserted by the insert edit (the masker's and Drain's). */
    static final String VARIABLE = "<*>";

    private final List<String[]> templates;
    private final String[] words;

    /** Variants drawing words and phrases from these templates (each one's own words included). */
    public TemplateVariants(List<String> templates) {
        this.templates = new ArrayList<>(templates.size());
        Set<String> pool = new LinkedHashSet<>();
        for (String t : templates) {
            String[] w = split(t);
            this.templates.add(w);
            pool.addAll(Arrays.asList(w));
        }
        pool.add(VARIABLE);
        this.words = pool.toArray(String[]::new);
    }

    /** {@code count} edited wordings of {@code template}, none equal to it (fewer if edits keep failing to change it). */
    public List<String> of(String template, int count, Random random) {
        String[] original = split(template);
        List<String> out = new ArrayList<>(count);
        for (int tries = 0; out.size() < count && tries < 10 * count; tries++) {
            List<String> w = new ArrayList<>(Arrays.asList(original));
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                edit(w, random);
            }
            if (!w.isEmpty() && !Arrays.equals(w.toArray(), original)) {
                out.add(String.join(" ", w));
            }
        }
        return out;
    }

    /** {@code count} messages made of two or three phrases of this object's templates (none if it has no words). */
    public List<String> unfamiliar(int count, Random random) {
        List<String[]> usable = templates.stream().filter(t -> t.length > 0).toList();
        List<String> out = new ArrayList<>(count);
        for (int k = 0; k < count && !usable.isEmpty(); k++) {
            List<String> w = new ArrayList<>();
            int parts = 2 + random.nextInt(2);
            for (int p = 0; p < parts; p++) {
                w.addAll(phrase(usable.get(random.nextInt(usable.size())), 2 + random.nextInt(5), random));
            }
            out.add(String.join(" ", w));
        }
        return out;
    }

    /**
     * One of LogRobust's word edits of {@code template}, as a software upgrade rewords a log statement:
     * a word deleted, inserted or replaced (new words are words of this object's templates, or
     * {@code <*>}). Null when ten tries leave it as it was (a template no such edit can change).
     */
    public String reworded(String template, Random random) {
        List<String> original = Arrays.asList(split(template));
        for (int tries = 0; tries < 10; tries++) {
            List<String> w = new ArrayList<>(original);
            edit(w, random.nextInt(3), random); // 0 delete, 1 insert, 2 replace
            if (!w.isEmpty() && !w.equals(original)) {
                return String.join(" ", w);
            }
        }
        return null;
    }

    private void edit(List<String> w, Random random) {
        edit(w, random.nextInt(5), random);
    }

    private void edit(List<String> w, int kind, Random random) {
        switch (kind) {
            case 0 -> {
                if (w.size() >= 2) {
                    w.remove(random.nextInt(w.size()));
                }
            }
            case 1 -> w.add(random.nextInt(w.size() + 1), words[random.nextInt(words.length)]);
            case 2 -> {
                if (!w.isEmpty()) {
                    w.set(random.nextInt(w.size()), words[random.nextInt(words.length)]);
                }
            }
            case 3 -> {
                if (w.size() >= 2) {
                    int i = random.nextInt(w.size() - 1);
                    w.set(i, w.set(i + 1, w.get(i)));
                }
            }
            default -> {
                String[] other = templates.get(random.nextInt(templates.size()));
                if (other.length > 0) {
                    List<String> p = phrase(other, 2 + random.nextInt(3), random);
                    w.addAll(random.nextBoolean() ? w.size() : 0, p);
                }
            }
        }
    }

    /** {@code length} consecutive words of {@code t} (all of them if it is shorter), from a random start. */
    private static List<String> phrase(String[] t, int length, Random random) {
        int len = Math.min(t.length, length);
        int from = random.nextInt(t.length - len + 1);
        return Arrays.asList(t).subList(from, from + len);
    }

    private static String[] split(String text) {
        String t = text.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
