package dev.logsieve.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * WordPiece tokenization of masked messages with a Hugging Face {@code tokenizer.json} (by
 * default the one in the MiniLM artifact), through DJL's binding of the Rust tokenizers library.
 *
 * <p>Each message becomes {@code [CLS] tokens [SEP]}, truncated to at most {@code maxTokens}
 * tokens in all (LogLLM: 100); a batch is padded with {@code [PAD]} (id 0, mask 0) to its longest
 * message. The tokenizer.json's own padding (fixed 128) and truncation settings are overridden.
 *
 * <h2>Offline</h2>
 *
 * DJL's native library comes from the tokenizers jar (linux-x86_64, linux-aarch64, macOS arm64,
 * Windows x86_64) and is extracted once to DJL's cache ({@code ENGINE_CACHE_DIR} or
 * {@code DJL_CACHE_DIR}, default {@code ~/.djl.ai/tokenizers}). Before the first use this class
 * switches DJL to offline mode (system property {@code ai.djl.offline=true}, unless the
 * {@code DJL_OFFLINE} variable or that property says otherwise) and opts out of its usage
 * reporting ({@code OPT_OUT_TRACKING=true}), so DJL never opens a connection: on a platform whose
 * library is not in the jar, construction fails at once with DJL's {@code EngineException}
 * ("Failed to load Huggingface native library") instead of trying to download one.
 *
 * <p>Thread-safe: encoding does not change the native tokenizer (the Rust {@code encode} takes
 * it by shared reference). {@link #close()} frees the native tokenizer; it must not overlap
 * with {@link #tokenize(List)}.
 */
public final class MessageTokenizer implements AutoCloseable {

    static {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * Token ids of a batch, row-major [batch, length], ready for INT64 tensors.
     *
     * @param batch number of messages
     * @param length tokens per row (the longest message's count)
     * @param inputIds WordPiece ids, {@code [PAD]} = 0 after each message's end
     * @param attentionMask 1 for real tokens, 0 for padding
     * @param tokenTypeIds all 0 (one segment)
     */
    public record TokenBatch(int batch, int length, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

        /** The tensor shape {@code [batch, length]}. */
        public long[] shape() {
            return new long[] {batch, length};
        }

        /** Real (unpadded) tokens of message {@code row}. */
        public int tokens(int row) {
            int n = 0;
            for (int j = 0; j < length; j++) {
                n += (int) attentionMask[row * length + j];
            }
            return n;
        }
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    private MessageTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    /** A tokenizer from a tokenizer.json file. */
    public static MessageTokenizer fromFile(java.nio.file.Path tokenizerJson, int maxTokens) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(tokenizerJson)) {
            return fromJson(in, maxTokens);
        }
    }

    /** A tokenizer from a tokenizer.json stream (not closed). */
    public static MessageTokenizer fromJson(InputStream tokenizerJson, int maxTokens) throws IOException {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS] and [SEP]: " + maxTokens);
        }
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "padding", "longest",
                "maxLength", Integer.toString(maxTokens),
                "modelMaxLength", Integer.toString(maxTokens)));
        return new MessageTokenizer(t, maxTokens);
    }

    /** Tokens per message at most, special tokens included. */
    public int maxTokens() {
        return maxTokens;
    }

    /** Tokenizes a batch of messages (at least one), padded to the longest. */
    public TokenBatch tokenize(List<String> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        Encoding[] enc = tokenizer.batchEncode(messages);
        int length = 0;
        for (Encoding e : enc) {
            length = Math.max(length, e.getIds().length);
        }
        int n = enc.length;
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        long[] types = new long[n * length];
        for (int i = 0; i < n; i++) {
            long[] id = enc[i].getIds();
            long[] am = enc[i].getAttentionMask();
            long[] tt = enc[i].getTypeIds();
            System.arraycopy(id, 0, ids, i * length, id.length);
            System.arraycopy(am, 0, mask, i * length, am.length);
            System.arraycopy(tt, 0, types, i * length, tt.length);
        }
        return new TokenBatch(n, length, ids, mask, types);
    }

    /** The WordPiece tokens of one message, special tokens included (for inspection and tests). */
    public List<String> tokens(String message) {
        return List.of(tokenizer.encode(message).getTokens());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
