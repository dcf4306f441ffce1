package dev.logsieve.llm.train;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LogLLM's prompt and answers in a pretrained model's tokens, and the reduced vocabulary that
 * holds just those tokens ({@link LlamaCheckpoint}).
 *
 * <p>The prefix is encoded with the tokenizer's special tokens when {@code bos} is set, keeping
 * only those the tokenizer puts <em>before</em> the text (Llama's post-processor adds BOS:
 * {@code <s>} or {@code <|begin_of_text|>}); the suffix and the answers are encoded without special
 * tokens. Each answer is one token: the first sub-token of {@code " anomalous"} / {@code " normal"}
 * (with the leading space, as the word follows other text) that does not decode to whitespace
 * only (a SentencePiece tokenizer may emit a lone {@code "▁"} first). A tokenizer that splits
 * " anomalous" into, say, " anomal" + "ous" gives the answer " anomal". The two answer tokens must
 * differ.
 *
 * <p>The reduced vocabulary is {@value ClassifierConfig#PAD}, {@value ClassifierConfig#UNK}, then
 * the distinct token ids of prefix, suffix and answers in order of first appearance; its entries
 * are the tokenizer's token strings (a string equal to an earlier entry gets {@code "#id"}
 * appended, so entries stay unique).
 *
 * @param vocabulary the reduced vocabulary's entries
 * @param sourceIds the pretrained token id of each entry (-1 for the pad and unk entries)
 * @param prefixTokens the prefix as reduced-vocabulary indices
 * @param suffixTokens the suffix as reduced-vocabulary indices
 * @param anomalous the anomalous answer's entry
 * @param normal the normal answer's entry
 * @param contextTokens the context prompt ({@link ClassifierConfig#DEFAULT_CONTEXT}) as reduced-vocabulary
 *                      indices, empty for a prompt without retrieved context; with it, the BOS token
 *                      starts the context prompt instead of the prefix, as the context comes first
 */
public record LlamaPrompt(List<String> vocabulary, List<Integer> sourceIds, List<Integer> prefixTokens,
        List<Integer> suffixTokens, String anomalous, String normal, List<Integer> contextTokens) {

    static {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** Copies the lists. */
    public LlamaPrompt {
        vocabulary = List.copyOf(vocabulary);
        sourceIds = List.copyOf(sourceIds);
        prefixTokens = List.copyOf(prefixTokens);
        suffixTokens = List.copyOf(suffixTokens);
        contextTokens = List.copyOf(contextTokens);
    }

    /** LogLLM's prompt and the answer words " anomalous", " normal" with a {@code tokenizer.json}. */
    public static LlamaPrompt of(Path tokenizerJson, boolean bos) throws IOException {
        return of(tokenizerJson, bos, false);
    }

    /** As {@link #of(Path, boolean)}, with the context prompt encoded too when {@code context} is set. */
    public static LlamaPrompt of(Path tokenizerJson, boolean bos, boolean context) throws IOException {
        return of(tokenizerJson, context ? ClassifierConfig.DEFAULT_CONTEXT : null, ClassifierConfig.DEFAULT_PREFIX,
                ClassifierConfig.DEFAULT_SUFFIX, " anomalous", " normal", bos);
    }

    /** A prompt and answer words with a {@code tokenizer.json} (read offline, through DJL), without context. */
    public static LlamaPrompt of(Path tokenizerJson, String prefix, String suffix, String anomalousWord,
            String normalWord, boolean bos) throws IOException {
        return of(tokenizerJson, null, prefix, suffix, anomalousWord, normalWord, bos);
    }

    /**
     * A prompt and answer words with a {@code tokenizer.json} (read offline, through DJL).
     *
     * @param context the text before the context vectors, or null for a prompt without context
     */
    public static LlamaPrompt of(Path tokenizerJson, String context, String prefix, String suffix, String anomalousWord,
            String normalWord, boolean bos) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException("no " + tokenizerJson.getFileName() + " in " + tokenizerJson.toAbsolutePath().getParent());
        }
        try (InputStream in = Files.newInputStream(tokenizerJson);
                HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(in, Map.of(
                        "addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
            Builder b = new Builder();
            List<Integer> ctx = context == null ? List.of() : b.add(prefix(t, context, bos));
            List<Integer> pre = b.add(prefix(t, prefix, bos && context == null));
            List<Integer> suf = b.add(t.encode(suffix, false, false));
            int a = b.add(answer(t, anomalousWord, tokenizerJson)).get(0);
            int n = b.add(answer(t, normalWord, tokenizerJson)).get(0);
            if (a == n) {
                throw new IllegalArgumentException(tokenizerJson + ": the answers \"" + anomalousWord + "\" and \""
                        + normalWord + "\" start with the same token " + b.vocabulary.get(a));
            }
            return new LlamaPrompt(b.vocabulary, b.source, pre, suf, b.vocabulary.get(a), b.vocabulary.get(n), ctx);
        }
    }

    /** Ids and token strings of an encoding's first {@code count} tokens. */
    private record Tokens(long[] ids, String[] tokens) {
        Tokens(Encoding e, int count) {
            this(Arrays.copyOf(e.getIds(), count), Arrays.copyOf(e.getTokens(), count));
        }
    }

    private static Tokens prefix(HuggingFaceTokenizer t, String prefix, boolean bos) {
        Encoding e = t.encode(prefix, bos, false);
        long[] special = e.getSpecialTokenMask();
        int end = e.getIds().length;
        while (end > 0 && special[end - 1] != 0 && hasText(end - 1, special)) {
            end--; // trailing special tokens (e.g. EOS) do not belong in the middle of the sequence
        }
        return new Tokens(e, end);
    }

    /** Whether a non-special token comes before position {@code i}. */
    private static boolean hasText(int i, long[] special) {
        for (int j = 0; j < i; j++) {
            if (special[j] == 0) {
                return true;
            }
        }
        return false;
    }

    private static Tokens answer(HuggingFaceTokenizer t, String word, Path file) {
        Encoding e = t.encode(word, false, false);
        for (int i = 0; i < e.getIds().length; i++) {
            long id = e.getIds()[i];
            if (!t.decode(new long[] {id}, false).isBlank()) {
                return new Tokens(new long[] {id}, new String[] {e.getTokens()[i]});
            }
        }
        throw new IllegalArgumentException(file + ": the answer \"" + word + "\" has no non-blank token");
    }

    /** Reduced vocabulary under construction. */
    private static final class Builder {
        final List<String> vocabulary = new ArrayList<>(List.of(ClassifierConfig.PAD, ClassifierConfig.UNK));
        final List<Integer> source = new ArrayList<>(List.of(-1, -1));
        final Map<Long, Integer> index = new HashMap<>();

        List<Integer> add(Encoding e) {
            return add(new Tokens(e, e.getIds().length));
        }

        List<Integer> add(Tokens tokens) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < tokens.ids().length; i++) {
                long id = tokens.ids()[i];
                String token = tokens.tokens()[i];
                out.add(index.computeIfAbsent(id, k -> {
                    vocabulary.add(vocabulary.contains(token) ? token + "#" + k : token);
                    source.add(Math.toIntExact(k));
                    return vocabulary.size() - 1;
                }));
            }
            return out;
        }
    }
}
