package dev.logsieve.llm;

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
 */
public record ClassifierConfig(int dimension, int width, int layers, int heads, int ffn, int maxMessages,
        double ropeTheta, double rmsEps, String prefix, String suffix, String anomalous, String normal,
        List<String> vocabulary) {

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

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s]");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates and copies the vocabulary. */
    public ClassifierConfig {
        vocabulary = List.copyOf(vocabulary);
        if (dimension <= 0 || width <= 0 || layers <= 0 || heads <= 0 || ffn <= 0 || maxMessages <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
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
            if (!vocabulary.contains(answer.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("answer " + answer + " is not in the vocabulary");
            }
        }
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

    /** Token ids of the prefix. */
    public long[] prefixIds() {
        return ids(prefix);
    }

    /** Token ids of the suffix. */
    public long[] suffixIds() {
        return ids(suffix);
    }

    /** Id of the anomalous answer. */
    public int anomalousId() {
        return vocabulary.indexOf(anomalous.toLowerCase(Locale.ROOT));
    }

    /** Id of the normal answer. */
    public int normalId() {
        return vocabulary.indexOf(normal.toLowerCase(Locale.ROOT));
    }

    /** Size of one attention head. */
    public int headSize() {
        return width / heads;
    }

    /** Longest decoder sequence: prefix + {@code maxMessages} + suffix. */
    public int maxSequence() {
        return prefixIds().length + maxMessages + suffixIds().length;
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
