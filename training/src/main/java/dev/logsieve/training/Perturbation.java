package dev.logsieve.training;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.augment.TemplateVariants;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Instability built into an evaluation's test part ({@code evaluate --perturb}), as the unstable-log
 * benchmarks make it. Labels never change: a perturbed sequence means what it meant.
 *
 * <ul>
 *   <li>{@code sequence:R} – LogRobust's synthetic HDFS (FlexLog's SynHDFS-U): a share R of the test
 *       sequences each get one to three edits: an event duplicated (next to itself), dropped (never
 *       the only one) or swapped with its neighbour. Each chosen sequence really changes (an edit
 *       that leaves it as it was, such as swapping two equal events, is drawn again). Event times
 *       stay in order: a moved event takes the time of the place it moves to.
 *   <li>{@code template:R} – software upgrades rewording log statements (SYNEVOL-U): a share R of
 *       the test part's distinct templates are each reworded once, by one word inserted, deleted or
 *       replaced ({@link TemplateVariants#reworded}; new words are words of templates that normal
 *       test sequences hold), everywhere they occur in the test part. The new
 *       text is masked again ({@link LogMasker}) and its id is {@link TemplateIds#of} that text,
 *       exactly what the job computes for a line with that message, and it is no template the test
 *       part already has. This needs the masked messages: when the sequences lack the text of any
 *       of their templates (ids only), it fails with a message saying so rather than invent ids.
 * </ul>
 *
 * Shares are of the test part, rounded to whole sequences or templates. Everything is seeded, and
 * the choice at a smaller share is part of the choice at a larger one (the same shuffle, cut
 * shorter; each sequence's or template's edit drawn from its own seed), so a sweep over shares
 * perturbs more of the same. The input list and its sequences are never modified.
 */
public final class Perturbation {
    public enum Kind { SEQUENCE, TEMPLATE }

    /** Sequence edits, in the order of {@code edits} in the facts. */
    private static final String[] EDITS = {"duplicated", "dropped", "swapped"};

    public final Kind kind;
    public final double rate;

    public Perturbation(Kind kind, double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("the share must be in (0, 1], got " + rate);
        }
        this.kind = kind;
        this.rate = rate;
    }

    /** Parses {@code sequence:R} or {@code template:R}. */
    public static Perturbation parse(String spec) {
        String[] kv = spec.trim().split(":", 2);
        Kind kind;
        switch (kv[0].trim().toLowerCase()) {
            case "sequence": kind = Kind.SEQUENCE; break;
            case "template": kind = Kind.TEMPLATE; break;
            default: throw new IllegalArgumentException("unknown perturbation '" + kv[0] + "' (sequence:R or template:R)");
        }
        if (kv.length < 2 || kv[1].isBlank()) {
            throw new IllegalArgumentException("'" + spec + "' lacks the share, e.g. " + kv[0].trim() + ":0.2");
        }
        double r;
        try {
            r = Double.parseDouble(kv[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + kv[1] + "' is not a share between 0 and 1");
        }
        return new Perturbation(kind, r);
    }

    /** The same kind at another share. */
    public Perturbation withRate(double r) {
        return new Perturbation(kind, r);
    }

    /** Perturbed sequences (same order and keys as the input) and, per perturbation applied, what changed. */
    public record Result(List<LogSequence> sequences, List<Map<String, Object>> facts) {}

    /**
     * Applies each perturbation in turn, each to the previous one's output. The first of each kind
     * draws from {@code seed} itself, so {@code template:0.3} after {@code sequence:0.2} rewords the
     * templates that {@code template:0.3} alone (and the sweep) rewords; a kind given again draws anew.
     */
    public static Result applyAll(List<Perturbation> perturbations, List<LogSequence> test, long seed) {
        List<LogSequence> out = test;
        List<Map<String, Object>> facts = new ArrayList<>();
        int[] times = new int[Kind.values().length];
        for (Perturbation p : perturbations) {
            int again = times[p.kind.ordinal()]++;
            Result r = p.apply(out, again == 0 ? seed : mix(seed, again));
            out = r.sequences();
            facts.addAll(r.facts());
        }
        return new Result(out, facts);
    }

    /** Applies this perturbation to {@code test}. */
    public Result apply(List<LogSequence> test, long seed) {
        long s = mix(seed, kind.ordinal() + 101);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("perturbation", toString());
        facts.put("sequences", test.size());
        List<LogSequence> out = kind == Kind.SEQUENCE ? editSequences(test, s, facts) : rewordTemplates(test, s, facts);
        return new Result(out, List.of(facts));
    }

    private List<LogSequence> editSequences(List<LogSequence> test, long seed, Map<String, Object> facts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int wanted = (int) Math.round(rate * test.size());
        List<LogSequence> out = new ArrayList<>(test);
        long[] edits = new long[EDITS.length];
        int touched = 0;
        long anomalous = 0;
        for (int i : order) {
            if (touched == wanted) {
                break;
            }
            LogSequence edited = edit(test.get(i), new Random(mix(seed, i)), edits);
            if (edited != null) {
                out.set(i, edited);
                touched++;
                anomalous += edited.label == Labels.ANOMALOUS ? 1 : 0;
            }
        }
        facts.put("sequences_touched", touched);
        facts.put("sequence_share", share(touched, test.size()));
        facts.put("anomalous_touched", anomalous);
        Map<String, Long> byEdit = new LinkedHashMap<>();
        for (int e = 0; e < EDITS.length; e++) {
            byEdit.put(EDITS[e], edits[e]);
        }
        facts.put("edits", byEdit);
        return out;
    }

    /** One to three edits that change {@code s}, or null for an empty sequence (nothing to edit). */
    static LogSequence edit(LogSequence s, Random random, long[] counts) {
        int n = s.templateIds.length;
        if (n == 0) {
            return null;
        }
        List<Integer> original = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            original.add(i);
        }
        int[] done = new int[EDITS.length];
        List<Integer> at = original;
        for (int tries = 0; tries < 10 && sameEvents(s, at); tries++) {
            at = new ArrayList<>(original);
            Arrays.fill(done, 0);
            int count = 1 + random.nextInt(3);
            for (int e = 0; e < count; e++) {
                int what = random.nextInt(3);
                if (at.size() < 2) {
                    what = 0; // one event left: only a duplicate keeps the sequence non-empty and changes it
                }
                int p = random.nextInt(what == 2 ? at.size() - 1 : at.size());
                switch (what) {
                    case 0 -> at.add(p, at.get(p));
                    case 1 -> at.remove(p);
                    default -> Collections.swap(at, p, p + 1);
                }
                done[what]++;
            }
        }
        if (sameEvents(s, at)) { // all ten tries undone (a sequence of one repeated event, say): a duplicate changes it
            at = new ArrayList<>(original);
            at.add(0, 0);
            Arrays.fill(done, 0);
            done[0] = 1;
        }
        for (int e = 0; e < done.length; e++) {
            counts[e] += done[e];
        }
        LogSequence c = s.copy();
        c.templateIds = new long[at.size()];
        c.messages = s.messages == null ? null : new String[at.size()];
        for (int j = 0; j < at.size(); j++) {
            c.templateIds[j] = s.templateIds[at.get(j)];
            if (c.messages != null) {
                c.messages[j] = s.messages[at.get(j)];
            }
        }
        if (s.times != null) {
            c.times = new long[at.size()];
            for (int j = 0; j < at.size(); j++) {
                c.times[j] = s.times[at.get(j)];
            }
            Arrays.sort(c.times); // lines stay in time order; a moved event takes its new place's time
            c.start = c.times[0];
            c.end = c.times[c.times.length - 1];
        }
        return c;
    }

    private static boolean sameEvents(LogSequence s, List<Integer> at) {
        if (at.size() != s.templateIds.length) {
            return false;
        }
        for (int j = 0; j < at.size(); j++) {
            if (s.templateIds[at.get(j)] != s.templateIds[j]) {
                return false;
            }
        }
        return true;
    }

    private List<LogSequence> rewordTemplates(List<LogSequence> test, long seed, Map<String, Object> facts) {
        TreeSet<Long> ids = new TreeSet<>();
        Map<Long, String> text = new HashMap<>();
        for (LogSequence s : test) {
            for (int i = 0; i < s.templateIds.length; i++) {
                ids.add(s.templateIds[i]);
                if (s.messages != null && s.messages[i] != null) {
                    text.putIfAbsent(s.templateIds[i], s.messages[i]);
                }
            }
        }
        if (text.size() < ids.size()) {
            throw new IllegalArgumentException("template perturbation rewords message texts, but the test sequences "
                    + "carry no text for " + (ids.size() - text.size()) + " of their " + ids.size()
                    + " templates (sequences of template ids only)");
        }
        List<String> texts = new ArrayList<>();
        for (long id : ids) {
            texts.add(text.get(id));
        }
        TemplateVariants variants = new TemplateVariants(wordSource(test, ids, text));
        Set<String> taken = new HashSet<>(texts);
        List<Long> order = new ArrayList<>(ids);
        Collections.shuffle(order, new Random(seed));
        int wanted = (int) Math.round(rate * ids.size());
        Map<Long, Long> newId = new HashMap<>();
        Map<Long, String> newText = new HashMap<>();
        List<Map<String, String>> examples = new ArrayList<>();
        for (long id : order) {
            if (newId.size() == wanted) {
                break;
            }
            Random random = new Random(mix(seed, id));
            for (int tries = 0; tries < 10; tries++) {
                String w = variants.reworded(text.get(id), random);
                if (w == null) {
                    break; // no word edit changes it: the next template in the shuffle takes its place
                }
                String masked = LogMasker.mask(w);
                long reworded = TemplateIds.of(masked);
                if (!ids.contains(reworded) && taken.add(masked)) {
                    newId.put(id, reworded);
                    newText.put(id, masked);
                    if (examples.size() < 5) {
                        examples.add(Map.of("from", text.get(id), "to", masked));
                    }
                    break;
                }
            }
        }
        List<LogSequence> out = new ArrayList<>(test.size());
        long sequences = 0;
        long anomalous = 0;
        long lines = 0;
        long allLines = 0;
        for (LogSequence s : test) {
            allLines += s.templateIds.length;
            LogSequence c = null;
            for (int i = 0; i < s.templateIds.length; i++) {
                Long to = newId.get(s.templateIds[i]);
                if (to == null) {
                    continue;
                }
                if (c == null) {
                    c = s.copy();
                    c.templateIds = s.templateIds.clone();
                    c.messages = s.messages == null ? null : s.messages.clone();
                }
                c.templateIds[i] = to;
                if (c.messages != null) {
                    c.messages[i] = newText.get(s.templateIds[i]);
                }
                lines++;
            }
            out.add(c == null ? s : c);
            if (c != null) {
                sequences++;
                anomalous += c.label == Labels.ANOMALOUS ? 1 : 0;
            }
        }
        facts.put("templates", ids.size());
        facts.put("templates_touched", newId.size());
        facts.put("template_share", share(newId.size(), ids.size()));
        facts.put("sequences_touched", sequences);
        facts.put("sequence_share", share(sequences, test.size()));
        facts.put("anomalous_touched", anomalous);
        facts.put("lines_touched", lines);
        facts.put("line_share", share(lines, allLines));
        facts.put("examples", examples);
        return out;
    }

    /**
     * Where inserted and replacing words come from: the templates that occur in some normal
     * sequence (all templates when no sequence is labeled normal). A reworded message should keep
     * its meaning; a word of a message only failures show (say an exception's name) planted in a
     * normal one would not.
     */
    private static List<String> wordSource(List<LogSequence> test, TreeSet<Long> ids, Map<Long, String> text) {
        Set<Long> inNormal = new HashSet<>();
        for (LogSequence s : test) {
            if (s.label == Labels.NORMAL) {
                Arrays.stream(s.templateIds).forEach(inNormal::add);
            }
        }
        List<String> source = new ArrayList<>();
        for (long id : ids) {
            if (inNormal.isEmpty() || inNormal.contains(id)) {
                source.add(text.get(id));
            }
        }
        return source;
    }

    /** One line on what a perturbation changed, from its facts. */
    public static String describe(Map<String, Object> facts) {
        StringBuilder b = new StringBuilder(String.format("%s: ", facts.get("perturbation")));
        if (facts.containsKey("templates")) {
            b.append(String.format("reworded %,d of %,d test templates (%.1f %%), in %,d of %,d sequences (%.1f %%) and %.1f %% of lines",
                    facts.get("templates_touched"), facts.get("templates"), 100 * (double) facts.get("template_share"),
                    facts.get("sequences_touched"), facts.get("sequences"), 100 * (double) facts.get("sequence_share"),
                    100 * (double) facts.get("line_share")));
        } else {
            b.append(String.format("edited %,d of %,d test sequences (%.1f %%; events ",
                    facts.get("sequences_touched"), facts.get("sequences"), 100 * (double) facts.get("sequence_share")));
            ((Map<?, ?>) facts.get("edits")).forEach((what, n) -> b.append(String.format("%s %,d, ", what, n)));
            b.setLength(b.length() - 2);
            b.append(')');
        }
        return b.append(String.format("; %,d of them anomalous; labels unchanged", facts.get("anomalous_touched"))).toString();
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** SplitMix64 of seed and x: independent streams for neighbouring values. */
    static long mix(long seed, long x) {
        long z = seed + 0x9E3779B97F4A7C15L * (x + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + rate;
    }
}
