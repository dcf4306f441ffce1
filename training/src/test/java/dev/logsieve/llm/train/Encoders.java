package dev.logsieve.llm.train;

import ai.onnxruntime.OrtException;
import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.onnx.ModelProto;
import java.util.List;

/**
 * The real MiniLM model, exported once per test JVM and shared by the encoder tests here and in the
 * system tests (export and session cost ~1 s each).
 */
public final class Encoders {

    /** Masked HDFS and BGL messages of different lengths. */
    public static final List<String> MESSAGES = List.of(
            "Receiving block <*> src: <*> dest: <*>",
            "Received block <*> of size <*> from <*>",
            "PacketResponder <*> for block <*> terminating",
            "BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>",
            "instruction cache parity error corrected",
            "CE sym <*>, at <*>, mask <*>",
            "ciod: failed to read message prefix on control stream (CioStream socket to <*>",
            "generating <*>",
            "data TLB error interrupt",
            "Verification succeeded for <*>");

    private static ModelProto exported;
    private static OnnxEncoder encoder;

    private Encoders() {}

    public static synchronized ModelProto exported() {
        if (exported == null) {
            exported = EncoderExport.exportMiniLm();
        }
        return exported;
    }

    /** Shared encoder, batches of 32, one intra-op thread; never closed (lives as long as the JVM). */
    public static synchronized OnnxEncoder encoder() throws OrtException {
        if (encoder == null) {
            encoder = OnnxEncoder.create(exported(), MiniLmEncoder.tokenizer(), OnnxEncoder.DEFAULT_BATCH, 1);
        }
        return encoder;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
