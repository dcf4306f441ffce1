package dev.logsieve.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A knowledge file for retrieval-augmented context (FlexLog's RAG, issue #17): JSON lines
 * {@code {"match": "<keyword or regex>", "text": "<description>"}}, and the retrieval that picks
 * the descriptions of a sequence's messages.
 *
 * <p><b>Matching.</b> A match made of word characters, dots and dashes only is a keyword: it hits a
 * message that holds it as a whole word, ignoring case ({@code close} hits "syscall close", not
 * "syscall closedir"). Any other match is a Java regular expression, found anywhere in the message.
 *
 * <p><b>Retrieval</b> ({@link #retrieve}): first the entries whose match hits one of the messages,
 * in the order of the first message each hits; then, for the slots left, the other entries whose
 * description's embedding is nearest to one of the messages' embeddings (cosine similarity, at
 * least {@code minSimilarity}); at most {@code k} in all, each description once. The embeddings are
 * the caller's (the encoder's), so that the similarity is the one the classifier sees.
 *
 * <p>Immutable; thread-safe.
 */
public final class Knowledge implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Pattern KEYWORD = Pattern.compile("[\\w.-]+");
    private static final Pattern WORDS = Pattern.compile("[^\\w.-]+");

    /** One description and what it matches. */
    public record Entry(String match, String text) implements Serializable {}

    private final List<Entry> entries;
    private final Map<String, List<Integer>> keywords = new HashMap<>();
    private final List<Integer> regexEntries = new ArrayList<>();
    private final List<Pattern> regexes = new ArrayList<>();
    private final Map<Entry, Integer> index = new HashMap<>();

    /** Knowledge of these entries (a match that is no keyword must be a valid regex). */
    public Knowledge(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (int i = 0; i < this.entries.size(); i++) {
            index.putIfAbsent(this.entries.get(i), i);
            String match = this.entries.get(i).match();
            if (KEYWORD.matcher(match).matches()) {
                keywords.computeIfAbsent(match.toLowerCase(Locale.ROOT), m -> new ArrayList<>()).add(i);
            } else {
                regexEntries.add(i);
                regexes.add(Pattern.compile(match));
            }
        }
    }

    /** Reads a knowledge file; a bad line fails naming the file, the line and what is wrong. */
    public static Knowledge read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + " line " + n + ": ";
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(where + "not JSON (" + e.getOriginalMessage() + ")", e);
                }
                JsonNode match = node.get("match");
                JsonNode text = node.get("text");
                if (match == null || !match.isTextual() || match.asText().isEmpty() || text == null || !text.isTextual()
                        || text.asText().isBlank()) {
                    throw new IOException(where + "expected {\"match\": \"<keyword or regex>\", \"text\": \"<description>\"}");
                }
                try {
                    if (!KEYWORD.matcher(match.asText()).matches()) {
                        Pattern.compile(match.asText());
                    }
                } catch (PatternSyntaxException e) {
                    throw new IOException(where + "'" + match.asText() + "' is neither a keyword nor a regex: "
                            + e.getDescription(), e);
                }
                entries.add(new Entry(match.asText(), text.asText()));
            }
        }
        return new Knowledge(entries);
    }

    /** Every entry, in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The position of an entry in {@link #entries()} (the first of equal ones). */
    public int indexOf(Entry e) {
        Integer i = index.get(e);
        if (i == null) {
            throw new IllegalArgumentException("not an entry of this knowledge: " + e);
        }
        return i;
    }

    /** The entries whose match hits one of the messages, in the order of the first message each hits. */
    public List<Entry> matching(List<String> messages) {
        Set<Integer> hits = new LinkedHashSet<>();
        for (String message : messages) {
            for (String word : WORDS.split(message.toLowerCase(Locale.ROOT))) {
                hits.addAll(keywords.getOrDefault(word, List.of()));
            }
            for (int r = 0; r < regexes.size(); r++) {
                if (regexes.get(r).matcher(message).find()) {
                    hits.add(regexEntries.get(r));
                }
            }
        }
        List<Entry> out = new ArrayList<>(hits.size());
        hits.forEach(i -> out.add(entries.get(i)));
        return out;
    }

    /**
     * At most {@code k} descriptions for a sequence: the matching entries first, then the nearest
     * others by embedding.
     *
     * @param messages the sequence's messages (masked, as the member sees them)
     * @param messageEmbeddings their embeddings (unit length), or none to skip the similarity step
     * @param entryEmbeddings the embedding of every entry's text (unit length), in {@link #entries()} order
     * @param minSimilarity the least cosine similarity for an entry chosen by embedding
     */
    public List<Entry> retrieve(List<String> messages, float[][] messageEmbeddings, float[][] entryEmbeddings, int k,
            double minSimilarity) {
        if (k <= 0) {
            return List.of();
        }
        Set<String> texts = new LinkedHashSet<>();
        List<Entry> out = new ArrayList<>();
        for (Entry e : matching(messages)) {
            if (out.size() < k && texts.add(e.text())) {
                out.add(e);
            }
        }
        if (out.size() < k && messageEmbeddings != null && messageEmbeddings.length > 0) {
            if (entryEmbeddings.length != entries.size()) {
                throw new IllegalArgumentException(entryEmbeddings.length + " entry embeddings for " + entries.size()
                        + " entries");
            }
            List<double[]> scored = new ArrayList<>(); // {similarity, index}
            for (int i = 0; i < entries.size(); i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (float[] m : messageEmbeddings) {
                    best = Math.max(best, dot(m, entryEmbeddings[i]));
                }
                if (best >= minSimilarity) {
                    scored.add(new double[] {best, i});
                }
            }
            // most similar first; a tie goes to the earlier entry
            scored.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
            for (double[] s : scored) {
                Entry e = entries.get((int) s[1]);
                if (out.size() < k && texts.add(e.text())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
