package dev.logsieve.inference;

import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.ClassifierRepository;
import dev.logsieve.llm.train.ClassifierWeights;
import dev.logsieve.llm.train.EncoderExport;
import dev.logsieve.llm.train.MiniLmEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Triton model repository for the tests, written once per test JVM with the real exporters
 * (MiniLM encoder, ~90 MB; a random classifier, seed 7) plus the encoder's tokenizer.json, and
 * deleted when the JVM exits. Shared by the test classes because the export takes seconds.
 */
final class TestRepository {

    static final int MAX_BATCH = 64;
    static final int DIMENSION = 384;

    private static Path repository;

    private TestRepository() {
    }

    /** The repository ({@code logllm_encoder/}, {@code logllm_classifier/}, {@code tokenizer.json}). */
    static synchronized Path get() throws IOException {
        if (repository == null) {
            Path dir = Files.createTempDirectory("logsieve-triton-repo");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            EncoderExport.writeTritonModel(EncoderExport.exportMiniLm(), dir, MAX_BATCH);
            ClassifierConfig c = ClassifierConfig.defaults();
            ClassifierRepository.writeTritonModel(ClassifierExport.export(c, ClassifierWeights.random(c, 7)), DIMENSION, dir,
                    MAX_BATCH);
            try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.TOKENIZER_RESOURCE)) {
                Files.copy(in, dir.resolve("tokenizer.json"));
            }
            repository = dir;
        }
        return repository;
    }

    /** The encoder's tokenizer.json inside the repository folder. */
    static Path tokenizerJson() throws IOException {
        return get().resolve("tokenizer.json");
    }

    /**
     * A copy of the repository (model files linked, not copied) whose {@code model}'s
     * config.pbtxt has {@code from} replaced by {@code to}: a server that reports other tensors.
     */
    static Path withEditedConfig(Path parent, String model, String from, String to) throws IOException {
        Path src = get();
        Path dst = Files.createDirectories(parent.resolve("edited-" + model));
        for (String m : new String[] {ModelContract.ENCODER_MODEL, ModelContract.CLASSIFIER_MODEL}) {
            Files.createDirectories(dst.resolve(m).resolve("1"));
            Files.createSymbolicLink(dst.resolve(m).resolve("1").resolve("model.onnx"),
                    src.resolve(m).resolve("1").resolve("model.onnx"));
            String config = Files.readString(src.resolve(m).resolve(ModelConfigs.FILE));
            if (m.equals(model)) {
                if (!config.contains(from)) {
                    throw new IllegalArgumentException(m + "'s config.pbtxt has no '" + from + "'");
                }
                config = config.replace(from, to);
            }
            Files.writeString(dst.resolve(m).resolve(ModelConfigs.FILE), config);
        }
        return dst;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
