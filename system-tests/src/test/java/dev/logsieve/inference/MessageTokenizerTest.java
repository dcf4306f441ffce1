package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.llm.train.Encoders;
import dev.logsieve.llm.train.MiniLmEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTokenizerTest {

    @Test
    void wordPieceWithSpecialTokens() {
        MessageTokenizer t = tokenizer();
        assertThat(t.tokens("Receiving block <*> src: <*> dest: <*>")).containsExactly(
                "[CLS]", "receiving", "block", "<", "*", ">", "sr", "##c", ":", "<", "*", ">",
                "des", "##t", ":", "<", "*", ">", "[SEP]");
    }

    @Test
    void truncatesAtOneHundredTokens() {
        MessageTokenizer t = tokenizer();
        String longMessage = "block <*> ".repeat(200);
        List<String> tokens = t.tokens(longMessage);
        assertThat(tokens).hasSize(MiniLmEncoder.MAX_TOKENS);
        assertThat(tokens.get(0)).isEqualTo("[CLS]");
        assertThat(tokens.get(99)).isEqualTo("[SEP]");

        MessageTokenizer.TokenBatch b = t.tokenize(List.of(longMessage, "short"));
        assertThat(b.length()).isEqualTo(100);
        assertThat(b.tokens(0)).isEqualTo(100);
    }

    @Test
    void padsABatchToItsLongestMessage() {
        MessageTokenizer t = tokenizer();
        MessageTokenizer.TokenBatch b = t.tokenize(List.of("generating <*>", "data TLB error interrupt", "x"));
        assertThat(b.batch()).isEqualTo(3);
        int longest = Math.max(t.tokens("generating <*>").size(), t.tokens("data TLB error interrupt").size());
        assertThat(b.length()).isEqualTo(longest);
        assertThat(b.inputIds()).hasSize(3 * longest);
        assertThat(b.tokens(2)).isEqualTo(3); // [CLS] x [SEP]
        assertThat(b.inputIds()[2 * longest]).isEqualTo(101);  // [CLS]
        assertThat(b.inputIds()[2 * longest + 2]).isEqualTo(102); // [SEP]
        assertThat(b.inputIds()[2 * longest + 3]).isZero();     // [PAD]
        assertThat(b.attentionMask()[2 * longest + 3]).isZero();
        assertThat(b.tokenTypeIds()).containsOnly(0L);
    }

    private static MessageTokenizer tokenizer() {
        try {
            return Encoders.encoder().tokenizer();
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
