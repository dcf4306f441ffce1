package dev.logsieve.llm.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes, vocabulary and prompt of the {@code logllm_classifier} model (projector + Llama-style
 * decoder, DESIGN section 6); serialised as JSON ({@link #toJson()}, {@link #fromJson(String)}).
 *
 * <p>The decoder's vocabulary holds only the words of the prompt and of the two answers, lower
 * case, after {@value #PAD} (id 0) and {@value #UNK} (id 1); {@link #words(String)} splits a text
 * into word and punctuation tokens. The sequence fed to the decoder is
 * {@code prefix tokens, one projected vector per message, suffix tokens}; the answer is read at its
 * last position ({@link ClassifierWeights} names the tensors, {@link DjlClassifier} and
 * {@link ClassifierExport} compute it).
 *
 * <h2>Explicit prompt tokens</h2>
 *
 * A configuration imported from a pretrained decoder ({@link LlamaCheckpoint}) carries the
 * prompt's token ids explicitly: {@code prefixTokens} and {@code suffixTokens} list vocabulary
 * indices, and {@link #prefixIds()} / {@link #suffixIds()} return them instead of splitting
 * {@code prefix} / {@code suffix} into words (the texts are then kept for information). Null or
 * empty lists mean "derive by word split", the default; they are left out of the JSON when null,
 * so configurations written before these fields existed read unchanged. The answers
 * {@code anomalous} and {@code normal} name vocabulary entries: the entry equal to the answer
 * if there is one (an imported vocabulary holds the tokenizer's own token strings, e.g.
 * {@code "Ġanomal"}), else the answer's lower-case form (the default, word-split vocabulary).
 *
 * @param dimension D, the width of a message embedding (the encoder's output)
 * @param width the decoder's model width
 * @param layers decoder layers
 * @param heads attention heads (divide {@code width}; head size even, for RoPE)
 * @param ffn hidden width of the SwiGLU feed-forward
 * @param maxMessages most messages per sequence
 * @param ropeTheta RoPE base
 * @param rmsEps RMSNorm epsilon
 * @param prefix the prompt before the messages
 * @param suffix the prompt after the messages
 * @param anomalous the answer word scored as anomalous
 * @param normal the answer word scored as normal
 * @param vocabulary the decoder's tokens, by id
 * @param prefixTokens the prefix's token ids (vocabulary indices); null or empty: the words of {@code prefix}
 * <h2>Retrieved context (FlexLog's RAG)</h2>
 *
 * With {@code maxContext} above 0 the model also takes up to that many context vectors per
 * sequence (embeddings of retrieved descriptions, {@code dev.logsieve.llm.Knowledge}), projected by
 * the same projector as the messages, and the decoder reads
 * {@code context tokens, context vectors, prefix tokens, messages, suffix tokens}: "Context: ...
 * Below is a sequence of system log messages: ...". {@code contextPrefix} is the text before the
 * context vectors ({@link #DEFAULT_CONTEXT}). Both are left out of the JSON when unset, so a
 * configuration without context reads and writes as before.
 *
 * @param suffixTokens the suffix's token ids (vocabulary indices); null or empty: the words of {@code suffix}
 * @param maxContext most context vectors per sequence; 0: the model takes no context
 * @param contextPrefix the prompt before the context vectors (null without context)
 * @param contextTokens the context prompt's token ids for a configuration with explicit prompt
 *                      tokens (an imported checkpoint, whose tokenizer encoded it); null: the words of
 *                      {@code contextPrefix}
 */
public record ClassifierConfig(int dimension, int width, int layers, int heads, int ffn, int maxMessages,
        double ropeTheta, double rmsEps, String prefix, String suffix, String anomalous, String normal,
        List<String> vocabulary,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> prefixTokens,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> suffixTokens,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxContext,
        @JsonInclude(JsonInclude.Include.NON_NULL) String contextPrefix,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> contextTokens) {

    /** Padding token (id 0). */
    public static final String PAD = "<pad>";
    /** Unknown-word token (id 1). */
    public static final String UNK = "<unk>";
    /** LogLLM's prompt before the messages. */
    public static final String DEFAULT_PREFIX = "Below is a sequence of system log messages:";
    /** LogLLM's prompt after the messages. */
    public static final String DEFAULT_SUFFIX = ". Is this sequence normal or anomalous?";
    /** At most this many messages per sequence (the contract's limit). */
    public static final int MAX_MESSAGES = 128;
    /** The prompt before the retrieved context (FlexLog's RAG prompt). */
    public static final String DEFAULT_CONTEXT = "Context:";

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s]");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates and copies the vocabulary and token lists (an empty token list becomes null). */
    public ClassifierConfig {
        vocabulary = List.copyOf(vocabulary);
        prefixTokens = tokens(prefixTokens, vocabulary.size(), "prefix");
        suffixTokens = tokens(suffixTokens, vocabulary.size(), "suffix");
        contextTokens = tokens(contextTokens, vocabulary.size(), "context");
        if (dimension <= 0 || width <= 0 || layers <= 0 || heads <= 0 || ffn <= 0 || maxMessages <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (maxContext < 0 || (maxContext > 0) != (contextPrefix != null)) {
            throw new IllegalArgumentException("maxContext " + maxContext + " and contextPrefix " + contextPrefix
                    + ": a model with context needs both, one without neither");
        }
        if (width % heads != 0 || (width / heads) % 2 != 0) {
            throw new IllegalArgumentException("width " + width + " must split into " + heads + " heads of even size");
        }
        if (vocabulary.size() < 2 || !vocabulary.get(0).equals(PAD) || !vocabulary.get(1).equals(UNK)) {
            throw new IllegalArgumentException("the vocabulary must start with " + PAD + ", " + UNK);
        }
        if (Set.copyOf(vocabulary).size() != vocabulary.size()) {
            throw new IllegalArgumentException("the vocabulary has duplicates");
        }
        for (String answer : List.of(anomalous, normal)) {
            if (answerId(vocabulary, answer) < 0) {
                throw new IllegalArgumentException("answer " + answer + " is not in the vocabulary");
            }
        }
        if (answerId(vocabulary, anomalous) == answerId(vocabulary, normal)) {
            throw new IllegalArgumentException("the answers " + anomalous + " and " + normal + " are the same token");
        }
    }

    /**
     * The configuration with word-split prompt ids (no explicit token lists), as before
     * {@code prefixTokens} and {@code suffixTokens} existed.
     */
    public ClassifierConfig(int dimension, int width, int layers, int heads, int ffn, int maxMessages,
            double ropeTheta, double rmsEps, String prefix, String suffix, String anomalous, String normal,
            List<String> vocabulary) {
        this(dimension, width, layers, heads, ffn, maxMessages, ropeTheta, rmsEps, prefix, suffix, anomalous, normal,
                vocabulary, null, null);
    }

    /** The configuration without retrieved context. */
    public ClassifierConfig(int dimension, int width, int layers, int heads, int ffn, int maxMessages,
            double ropeTheta, double rmsEps, String prefix, String suffix, String anomalous, String normal,
            List<String> vocabulary, List<Integer> prefixTokens, List<Integer> suffixTokens) {
        this(dimension, width, layers, heads, ffn, maxMessages, ropeTheta, rmsEps, prefix, suffix, anomalous, normal,
                vocabulary, prefixTokens, suffixTokens, 0, null, null);
    }

    /**
     * This configuration taking up to {@code k} context vectors after {@value #DEFAULT_CONTEXT}
     * (whose words join a word-split vocabulary); {@code k} 0 gives it without context.
     *
     * @throws IllegalArgumentException for a configuration with explicit prompt tokens (an imported
     *         checkpoint) but no {@code contextTokens}: its tokenizer has to encode the context prompt
     *         ({@link LlamaCheckpoint.Options#withContext})
     */
    public ClassifierConfig withContext(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("context vectors must be 0 or more: " + k);
        }
        boolean explicit = prefixTokens != null || suffixTokens != null;
        if (k > 0 && explicit && contextTokens == null) {
            throw new IllegalArgumentException("this decoder's prompt comes from its tokenizer, which did not encode '"
                    + DEFAULT_CONTEXT + "': import the checkpoint with context (LlamaCheckpoint.Options.withContext;"
                    + " train --context does)");
        }
        List<String> v = vocabulary;
        if (k > 0 && !explicit) {
            Set<String> more = new LinkedHashSet<>(vocabulary);
            more.addAll(words(DEFAULT_CONTEXT));
            v = new ArrayList<>(more);
        }
        return new ClassifierConfig(dimension, width, layers, heads, ffn, maxMessages, ropeTheta, rmsEps, prefix, suffix,
                anomalous, normal, v, prefixTokens, suffixTokens, k, k > 0 ? DEFAULT_CONTEXT : null, contextTokens);
    }

    /** Token ids of the prompt before the context vectors (none without context). */
    public long[] contextIds() {
        if (contextPrefix == null) {
            return new long[0];
        }
        return contextTokens == null ? ids(contextPrefix) : contextTokens.stream().mapToLong(Integer::longValue).toArray();
    }

    private static List<Integer> tokens(List<Integer> ids, int size, String what) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        for (Integer id : ids) {
            if (id == null || id < 0 || id >= size) {
                throw new IllegalArgumentException(what + " token " + id + " is outside the vocabulary of " + size);
            }
        }
        return List.copyOf(ids);
    }

    private static int answerId(List<String> vocabulary, String answer) {
        int exact = vocabulary.indexOf(answer);
        return exact >= 0 ? exact : vocabulary.indexOf(answer.toLowerCase(Locale.ROOT));
    }

    /** The default sizes (width 64, 2 layers, 4 heads, FFN 128) over D = {@value MiniLmEncoder#DIMENSION}. */
    public static ClassifierConfig defaults() {
        return of(MiniLmEncoder.DIMENSION, 64, 2, 4, 128);
    }

    /** LogLLM's prompt and answers with the given sizes; the vocabulary is derived from them. */
    public static ClassifierConfig of(int dimension, int width, int layers, int heads, int ffn) {
        return new ClassifierConfig(dimension, width, layers, heads, ffn, MAX_MESSAGES, 10000.0, 1e-5,
                DEFAULT_PREFIX, DEFAULT_SUFFIX, "anomalous", "normal",
                vocabularyOf(DEFAULT_PREFIX, DEFAULT_SUFFIX, "anomalous", "normal"));
    }

    /** {@value #PAD}, {@value #UNK}, then the words of the texts in order of first appearance. */
    public static List<String> vocabularyOf(String... texts) {
        Set<String> v = new LinkedHashSet<>(List.of(PAD, UNK));
        for (String t : texts) {
            v.addAll(words(t));
        }
        return new ArrayList<>(v);
    }

    /** Lower-case word and punctuation tokens of a text. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Token ids of a text ({@value #UNK} for words outside the vocabulary). */
    public long[] ids(String text) {
        List<String> w = words(text);
        long[] ids = new long[w.size()];
        for (int i = 0; i < ids.length; i++) {
            int id = vocabulary.indexOf(w.get(i));
            ids[i] = id < 0 ? 1 : id;
        }
        return ids;
    }

    /** Token ids of the prefix: {@code prefixTokens} when given, else the words of {@code prefix}. */
    public long[] prefixIds() {
        return prefixTokens == null ? ids(prefix) : prefixTokens.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Token ids of the suffix: {@code suffixTokens} when given, else the words of {@code suffix}. */
    public long[] suffixIds() {
        return suffixTokens == null ? ids(suffix) : suffixTokens.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Id of the anomalous answer (the entry equal to it, else to its lower-case form). */
    public int anomalousId() {
        return answerId(vocabulary, anomalous);
    }

    /** Id of the normal answer (the entry equal to it, else to its lower-case form). */
    public int normalId() {
        return answerId(vocabulary, normal);
    }

    /** Size of one attention head. */
    public int headSize() {
        return width / heads;
    }

    /**
     * Longest decoder sequence: context prompt + {@code maxContext} + prefix + {@code maxMessages} + suffix.
     * Splits the prompts into words each time (a regular expression per word): keep the result rather than
     * asking in a loop.
     */
    public int maxSequence() {
        return contextIds().length + maxContext + prefixIds().length + maxMessages + suffixIds().length;
    }

    /** This configuration as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration from {@link #toJson()}'s form. */
    public static ClassifierConfig fromJson(String json) throws IOException {
        return JSON.readValue(json, ClassifierConfig.class);
    }
}
