package dev.logsieve.scoring;

import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.inference.InProcessBackend;
import dev.logsieve.llm.Knowledge;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.LlmScorer;
import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.ClassifierRepository;
import dev.logsieve.llm.train.ClassifierWeights;
import dev.logsieve.llm.train.EncoderExport;
import dev.logsieve.llm.train.MiniLmEncoder;
import dev.logsieve.mask.TemplateIds;
import dev.logsieve.onnx.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test bundles with an LLM member: a decision tree on the features plus the LLM member over real
 * model files (the MiniLM encoder exported from its Maven artifact, a classifier with random
 * weights, seed 7: its answers are arbitrary but fixed, which is all these tests need).
 */
final class LlmBundles {

    /** HDFS-like templates; a test sequence is four of them, chosen by the digits of its number. */
    static final String[] TEMPLATES = {
        "Receiving block <*> src: <*> dest: <*>",
        "PacketResponder <*> for block <*> terminating",
        "Received block <*> of size <*> from <*>",
        "Verification succeeded for <*>",
        "Deleting block <*> file <*>",
        "Exception in receiveBlock for block <*>",
    };

    /** Most descriptions per sequence of {@link #writeWithContext}'s member. */
    static final int CONTEXT_K = 4;
    /** Least similarity of a description chosen by embedding, for {@link #writeWithContext}'s member. */
    static final double CONTEXT_MIN_SIMILARITY = 0.5;

    private static ModelProto encoder;

    private LlmBundles() {}

    /** Sequence {@code i} of a family of distinct ones (i below 6^4); anomalous when it holds the exception. */
    static LogSequence sequence(int i) {
        long[] ids = new long[4];
        String[] messages = new String[4];
        boolean anomalous = false;
        int digits = i;
        for (int j = 0; j < 4; j++) {
            int t = digits % TEMPLATES.length;
            digits /= TEMPLATES.length;
            ids[j] = TemplateIds.of(TEMPLATES[t]);
            messages[j] = TEMPLATES[t];
            anomalous |= t == 5;
        }
        return new LogSequence("seq-" + i, i * 1000L, i * 1000L + 10, ids, messages,
                anomalous ? Labels.ANOMALOUS : Labels.NORMAL);
    }

    /** Sequences 0 .. n-1. */
    static List<LogSequence> sequences(int n) {
        List<LogSequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sequence(i));
        }
        return out;
    }

    /** Writes a bundle with members dt and llm into {@code dir}. */
    static Path write(Path dir) throws IOException {
        return write(dir, null);
    }

    /**
     * Writes the same kind of bundle whose LLM member was trained with retrieved context: its
     * classifier takes up to {@value #CONTEXT_K} descriptions per sequence
     * ({@code ClassifierConfig.defaults().withContext(4)}, random weights, seed 7), the member
     * retrieves them from {@code knowledge} ({@code withContext(4, 0.5)}), copied into the bundle as
     * {@link LlmFiles#KNOWLEDGE} and checksummed with it.
     */
    static Path writeWithContext(Path dir, Path knowledge) throws IOException {
        return write(dir, knowledge);
    }

    private static Path write(Path dir, Path knowledge) throws IOException {
        Ensemble ml = new EnsembleTrainer().train(sequences(200), List.of("dt"));
        Path repository = LlmFiles.repository(dir);
        EncoderExport.writeTritonModel(encoder(), repository, EncoderExport.DEFAULT_MAX_BATCH);
        ClassifierConfig c = knowledge == null ? ClassifierConfig.defaults() : ClassifierConfig.defaults().withContext(CONTEXT_K);
        ClassifierRepository.writeTritonModel(ClassifierExport.export(c, ClassifierWeights.random(c, 7)), c.dimension(),
                repository, ClassifierRepository.DEFAULT_MAX_BATCH);
        Files.createDirectories(LlmFiles.tokenizer(dir).getParent());
        try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.TOKENIZER_RESOURCE)) {
            Files.copy(in, LlmFiles.tokenizer(dir));
        }
        LlmScorer.Retrieval retrieval = null;
        if (knowledge != null) {
            Files.copy(knowledge, dir.resolve(LlmFiles.KNOWLEDGE));
            retrieval = new LlmScorer.Retrieval(Knowledge.read(knowledge), CONTEXT_K, CONTEXT_MIN_SIMILARITY);
        }
        // The random classifier's scores sit close together; its threshold is their median, so that
        // it votes both ways and a test can tell whether two paths agree sequence by sequence.
        float[] p;
        try (InProcessBackend b = LlmFiles.openInProcess(dir, MiniLmEncoder.MAX_TOKENS, 1)) {
            List<long[]> ids = new ArrayList<>();
            List<String[]> texts = new ArrayList<>();
            for (LogSequence s : sequences(200)) {
                ids.add(s.templateIds);
                texts.add(s.messages);
            }
            p = new LlmScorer(b, 1000, ClassifierConfig.MAX_MESSAGES, retrieval).score(ids, texts);
        }
        Arrays.sort(p);
        LlmMember llm = new LlmMember(p[p.length / 2], ClassifierConfig.MAX_MESSAGES, MiniLmEncoder.MAX_TOKENS, "test");
        if (knowledge != null) {
            llm = llm.withContext(CONTEXT_K, CONTEXT_MIN_SIMILARITY);
        }
        ModelBundle.write(dir, ml.with(llm), new Manifest());
        return dir;
    }

    private static synchronized ModelProto encoder() {
        if (encoder == null) {
            encoder = EncoderExport.exportMiniLm();
        }
        return encoder;
    }
}
