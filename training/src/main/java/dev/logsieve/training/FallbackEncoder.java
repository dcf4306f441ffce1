package dev.logsieve.training;

import dev.logsieve.bundle.FallbackFiles;
import dev.logsieve.features.EncodedUnseen;
import dev.logsieve.features.TemplateFallback;
import dev.logsieve.features.UnseenTemplates;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.inference.MessageEmbedder;
import dev.logsieve.inference.MessageTokenizer;
import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.llm.train.EncoderExport;
import dev.logsieve.llm.train.MiniLmEncoder;
import dev.logsieve.onnx.ModelProto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder of the semantic fallback while training: the int8 all-MiniLM-L6-v2 of the {@code -q}
 * artifact (a quarter of the FP32 model's size; the fallback only compares templates with each
 * other, so both sides come from the same model), with every text it embedded remembered, so that
 * trying several thresholds and refitting embed each template once. The same model goes into the
 * bundle ({@link FallbackFiles}) to embed new templates in the job.
 */
final class FallbackEncoder implements MessageEmbedder, AutoCloseable {
    private final ModelProto model;
    private final byte[] tokenizerJson;
    private final OnnxEncoder encoder;
    private final Map<String, float[]> embedded = new HashMap<>();

    private FallbackEncoder(ModelProto model, byte[] tokenizerJson, OnnxEncoder encoder) {
        this.model = model;
        this.tokenizerJson = tokenizerJson;
        this.encoder = encoder;
    }

    static FallbackEncoder open() throws IOException {
        ModelProto model = EncoderExport.exportMiniLmQuantized();
        byte[] tokenizerJson;
        try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.QUANTIZED_TOKENIZER_RESOURCE)) {
            tokenizerJson = in.readAllBytes();
        }
        MessageTokenizer tokenizer = MessageTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson), MiniLmEncoder.MAX_TOKENS);
        try {
            return new FallbackEncoder(model, tokenizerJson, OnnxEncoder.create(model, tokenizer, OnnxEncoder.DEFAULT_BATCH,
                    Math.max(1, Runtime.getRuntime().availableProcessors())));
        } catch (ai.onnxruntime.OrtException e) {
            tokenizer.close();
            throw new IOException("ONNX Runtime cannot run the fallback's encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized float[][] embed(List<String> messages) {
        java.util.LinkedHashSet<String> unique = new java.util.LinkedHashSet<>(messages);
        unique.removeIf(embedded::containsKey);
        if (!unique.isEmpty()) {
            List<String> missing = new ArrayList<>(unique);
            float[][] v = encoder.embed(missing);
            for (int i = 0; i < v.length; i++) {
                embedded.put(missing.get(i), v[i]);
            }
        }
        float[][] out = new float[messages.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embedded.get(messages.get(i));
        }
        return out;
    }

    /**
     * The embeddings of a vocabulary's templates at a threshold; a template without text gets a
     * zero vector, which no new template is ever similar to.
     */
    TemplateFallback fallback(Vocabulary vocabulary, double threshold) {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c < vocabulary.size(); c++) {
            if (vocabulary.text(c) != null) {
                texts.add(vocabulary.text(c));
            }
        }
        float[][] v = embed(texts);
        float[][] known = new float[vocabulary.size()][];
        for (int c = 0, k = 0; c < known.length; c++) {
            known[c] = vocabulary.text(c) != null ? v[k++] : new float[MiniLmEncoder.DIMENSION];
        }
        return new TemplateFallback(known, threshold);
    }

    /** The fallback's answers for new templates, embedded by this encoder. */
    UnseenTemplates unseen(TemplateFallback fallback) {
        return new EncodedUnseen(fallback, this);
    }

    /** Writes the fallback and this encoder into a bundle. */
    void write(Path bundle, TemplateFallback fallback) throws IOException {
        FallbackFiles.write(bundle, fallback, model.toByteArray(), tokenizerJson, MiniLmEncoder.quantizedArtifact(),
                MiniLmEncoder.MAX_TOKENS);
    }

    @Override
    public void close() throws IOException {
        try {
            encoder.close();
        } catch (ai.onnxruntime.OrtException e) {
            throw new IOException("cannot close the fallback's encoder: " + e.getMessage(), e);
        }
    }
}
