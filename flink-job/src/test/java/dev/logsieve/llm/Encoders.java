package dev.logsieve.llm;

import ai.onnxruntime.OrtException;
import dev.logsieve.onnx.ModelProto;
import java.util.List;

/** The real MiniLM model, exported once per test JVM and shared by the llm tests (export and session cost ~1 s each). */
final class Encoders {

    /** Masked HDFS and BGL messages of different lengths. */
    static final List<String> MESSAGES = List.of(
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

    static synchronized ModelProto exported() {
        if (exported == null) {
            exported = EncoderExport.exportMiniLm();
        }
        return exported;
    }

    /** Shared encoder, batches of 32, one intra-op thread; never closed (lives as long as the JVM). */
    static synchronized OnnxEncoder encoder() throws OrtException {
        if (encoder == null) {
            encoder = OnnxEncoder.create(exported(), MessageTokenizer.miniLm(), OnnxEncoder.DEFAULT_BATCH, 1);
        }
        return encoder;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
