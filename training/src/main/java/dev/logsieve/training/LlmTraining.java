package dev.logsieve.training;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.inference.MessageTokenizer;
import dev.logsieve.inference.OnnxEncoder;
import dev.logsieve.llm.ContextRetrieval;
import dev.logsieve.llm.Knowledge;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.train.ClassifierConfig;
import dev.logsieve.llm.train.ClassifierRepository;
import dev.logsieve.llm.train.ClassifierTrainer;
import dev.logsieve.llm.train.ClassifierWeights;
import dev.logsieve.llm.train.EncoderExport;
import dev.logsieve.llm.train.LlamaCheckpoint;
import dev.logsieve.llm.train.MiniLmEncoder;
import dev.logsieve.llm.train.OnnxModels;
import dev.logsieve.llm.train.TrainingExample;
import dev.logsieve.onnx.ModelProto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains the LLM member (LogLLM, DESIGN section 6) and writes its files into a bundle
 * ({@link LlmFiles}): the encoder is exported once, embeds every distinct masked message of the
 * training sequences (each template once), the classifier is trained on the sequences' embeddings
 * by {@link ClassifierTrainer}'s three stages with the augmentations of {@link LlmAugmentations}
 * (reworded templates, unfamiliar messages, planted evidence; their texts are embedded by the same
 * encoder), and both models are written as a Triton model
 * repository under {@code <bundle>/triton/}. With {@link Options#seeds()} above one, that many
 * classifiers are trained from successive seeds, each with its own draw of the augmentations, and
 * written as one classifier that answers their mean ({@link dev.logsieve.llm.train.SeedAverage}).
 */
public final class LlmTraining {

    /**
     * How to train the LLM member.
     *
     * @param encoderModel a BERT-family ONNX export to use instead of the embedded MiniLM, {@value #QUANTIZED}
     *                     for the embedded int8 MiniLM, or null for the embedded FP32 MiniLM
     * @param encoderTokenizer its tokenizer.json (required with {@code encoderModel})
     * @param config the classifier's sizes and prompt (its dimension is replaced by the encoder's)
     * @param initFrom a Hugging Face Llama checkpoint folder to start the decoder from
     *                 ({@link LlamaCheckpoint}; its sizes replace {@code config}'s), or null for random weights
     * @param settings the trainer's settings (with {@link ClassifierTrainer.Settings#lora()}: adapters on a frozen
     *                 decoder, merged into the written weights)
     * @param threshold p_anomalous at or above which the member votes anomalous
     * @param threads ONNX Runtime threads for embedding the training templates
     * @param dedupe train on each distinct sequence of first messages once, as FlexLog evaluates: repeated
     *               sequences teach the classifier nothing new but cost time (HDFS: 7,361 training
     *               blocks, a few hundred distinct); one that occurs under both labels takes the label
     *               most of its occurrences carry ({@link DistinctExamples}); the trainer's oversampling
     *               still balances the classes
     * @param augment how much of each training augmentation to apply ({@link LlmAugmentations})
     * @param onnx the exported classifier's precision and where its weights go ({@link ClassifierRepository.Options})
     * @param context retrieval-augmented context (a knowledge file and how much to retrieve), or null for none
     * @param seeds how many classifiers to train, from the seeds {@code settings.seed()}, +1, ...; the member
     *              answers their mean p_anomalous ({@link dev.logsieve.llm.train.SeedAverage})
     */
    public record Options(Path encoderModel, Path encoderTokenizer, ClassifierConfig config, Path initFrom,
            ClassifierTrainer.Settings settings, double threshold, int threads, boolean dedupe,
            LlmAugmentations.Rates augment, ClassifierRepository.Options onnx, Context context, int seeds) {

        /** Checks the number of seeds. */
        public Options {
            if (seeds < 1) {
                throw new IllegalArgumentException("the LLM member needs at least one classifier, not " + seeds);
            }
        }

        /** These options with the trainer's seed set. */
        public Options withSeed(long seed) {
            return new Options(encoderModel, encoderTokenizer, config, initFrom, settings.withSeed(seed), threshold, threads,
                    dedupe, augment, onnx, context, seeds);
        }

        /** These options with other augmentation rates. */
        public Options withAugment(LlmAugmentations.Rates rates) {
            return new Options(encoderModel, encoderTokenizer, config, initFrom, settings, threshold, threads, dedupe, rates, onnx, context, seeds);
        }

        /** These options with another threshold. */
        public Options withThreshold(double p) {
            return new Options(encoderModel, encoderTokenizer, config, initFrom, settings, p, threads, dedupe, augment, onnx, context, seeds);
        }

        /**
         * The embedded MiniLM encoder, the default classifier sizes, LogLLM's training settings, no augmentation,
         * {@link LlmTraining#DEFAULT_SEEDS} classifiers (three).
         */
        public static Options defaults() {
            return new Options(null, null, ClassifierConfig.defaults(), null, ClassifierTrainer.Settings.defaults(), 0.5,
                    Math.max(1, Runtime.getRuntime().availableProcessors()), true, LlmAugmentations.Rates.none(),
                    ClassifierRepository.Options.defaults(), null, DEFAULT_SEEDS);
        }
    }

    /**
     * Classifiers averaged by default: three, each with its own draw of the augmentations. On BGL's
     * later windows one classifier scored F1 0.671 at seed 1 (its draw of augmentations, not its
     * start, was to blame); three averaged, kept as validation judged them, scored 0.935 to 0.955 at
     * seeds 1-5. It triples the classifier's training and serving compute (BENCHMARKS.md, "The LLM
     * member kept as validation judged it").
     */
    public static final int DEFAULT_SEEDS = 3;

    /**
     * Retrieval-augmented context (FlexLog's RAG, {@link ContextRetrieval}).
     *
     * @param knowledge the knowledge file (JSON lines {@code {"match", "text"}}), copied into the bundle
     * @param k most descriptions per sequence
     * @param minSimilarity least cosine similarity for a description chosen by embedding
     */
    public record Context(Path knowledge, int k, double minSimilarity) {}

    /** What training did: the member, and facts for the manifest (times per stage, sizes). */
    public record Result(LlmMember member, Map<String, Object> facts) {}

    /** The {@code encoderModel} that names the int8 all-MiniLM-L6-v2 of the {@code -q} artifact. */
    public static final String QUANTIZED = "minilm-q";

    private LlmTraining() {}

    /** Trains on labelled sequences that carry their masked messages; writes the files into {@code bundle}. */
    public static Result train(List<LogSequence> sequences, Options o, Path bundle, Consumer<String> progress)
            throws IOException {
        long t0 = System.nanoTime();
        ModelProto encoder;
        byte[] tokenizerJson;
        String source;
        if (o.encoderModel() == null) {
            encoder = EncoderExport.exportMiniLm();
            try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.TOKENIZER_RESOURCE)) {
                tokenizerJson = in.readAllBytes();
            }
            source = MiniLmEncoder.artifact();
        } else if (o.encoderModel().toString().equals(QUANTIZED)) {
            encoder = EncoderExport.exportMiniLmQuantized();
            try (InputStream in = MiniLmEncoder.open(MiniLmEncoder.QUANTIZED_TOKENIZER_RESOURCE)) {
                tokenizerJson = in.readAllBytes();
            }
            source = MiniLmEncoder.quantizedArtifact();
        } else {
            if (o.encoderTokenizer() == null) {
                throw new IllegalArgumentException("an encoder model needs its tokenizer.json too");
            }
            encoder = EncoderExport.export(OnnxModels.read(o.encoderModel()), o.encoderModel().toString());
            tokenizerJson = Files.readAllBytes(o.encoderTokenizer());
            source = o.encoderModel().toString();
        }
        int dimension = EncoderExport.dimension(encoder);
        Path repository = LlmFiles.repository(bundle);
        EncoderExport.writeTritonModel(encoder, repository, EncoderExport.DEFAULT_MAX_BATCH);
        Files.createDirectories(LlmFiles.tokenizer(bundle).getParent());
        Files.write(LlmFiles.tokenizer(bundle), tokenizerJson);
        long exported = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "llm: encoder %s (D = %d) written to %s in %.1f s", source, dimension,
                repository, (exported - t0) / 1e9));

        ClassifierConfig c = o.config();
        ClassifierConfig config = c.dimension() == dimension ? c : ClassifierConfig.of(dimension, c.width(), c.layers(),
                c.heads(), c.ffn());
        ClassifierWeights initial = null;
        if (o.initFrom() != null) {
            LlamaCheckpoint.Options how = LlamaCheckpoint.Options.of(dimension, o.settings().seed());
            LlamaCheckpoint llama = LlamaCheckpoint.load(o.initFrom(),
                    o.context() == null ? how : how.withContext(o.context().k()));
            config = llama.config();
            initial = llama.weights();
            progress.accept(String.format(Locale.ROOT, "llm: decoder from %s (width %d, %d layers, %d heads), LoRA %s",
                    o.initFrom(), config.width(), config.layers(), config.heads(), o.settings().lora().summary()));
        }
        if (o.context() != null) {
            config = config.withContext(o.context().k());
        }
        Map<Long, String> texts = texts(sequences, config.maxMessages());
        ContextRetrieval retrieval = null;
        MessageTokenizer tokenizer = MessageTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson), MiniLmEncoder.MAX_TOKENS);
        Map<Long, float[]> embeddings = new LinkedHashMap<>();
        List<LlmAugmentations.Built> augmentations = new ArrayList<>();
        try (OnnxEncoder e = OnnxEncoder.create(encoder, tokenizer, OnnxEncoder.DEFAULT_BATCH, o.threads())) {
            List<Long> ids = new ArrayList<>(texts.keySet());
            float[][] v = embed(e, new ArrayList<>(texts.values()), "templates", progress);
            for (int k = 0; k < v.length; k++) {
                embeddings.put(ids.get(k), v[k]);
            }
            for (int k = 0; k < o.seeds(); k++) { // each classifier its own draw: reworded templates, unfamiliar messages
                augmentations.add(LlmAugmentations.build(sequences, texts, embeddings, config.maxMessages(), o.augment(),
                        o.settings().seed() + k, e, progress));
            }
            if (o.context() != null) {
                Knowledge knowledge = Knowledge.read(o.context().knowledge());
                retrieval = new ContextRetrieval(knowledge, o.context().k(), o.context().minSimilarity(), e);
                long c0 = System.nanoTime();
                retrieval.prepare();
                progress.accept(String.format(Locale.ROOT, "llm: embedded the %,d descriptions of %s in %.1f s",
                        knowledge.entries().size(), o.context().knowledge(), (System.nanoTime() - c0) / 1e9));
            }
        } catch (ai.onnxruntime.OrtException ex) {
            throw new IOException("ONNX Runtime cannot run the encoder: " + ex.getMessage(), ex);
        }
        long embedded = System.nanoTime();

        DistinctExamples.Result distinct = o.dedupe() ? DistinctExamples.of(sequences, config.maxMessages()) : null;
        List<TrainingExample> examples = new ArrayList<>(sequences.size());
        long contexts = 0;
        for (LogSequence s : distinct != null ? distinct.sequences() : sequences) {
            int n = Math.min(config.maxMessages(), s.templateIds.length);
            float[][] m = new float[n][];
            for (int j = 0; j < n; j++) {
                m[j] = embeddings.get(s.templateIds[j]); // one shared array per template: the augmentations rely on it
            }
            float[][] context = retrieval == null ? null : retrieval.context(Arrays.asList(s.messages).subList(0, n), m);
            contexts += context == null ? 0 : context.length;
            examples.add(new TrainingExample(m, s.label == Labels.ANOMALOUS, context));
        }
        progress.accept(String.format(Locale.ROOT, "llm: %,d training sequences%s", examples.size(),
                o.dedupe() ? " (distinct ones of " + String.format(Locale.ROOT, "%,d", sequences.size()) + ")" : ""));
        if (distinct != null && distinct.conflicting() > 0) {
            progress.accept(String.format(Locale.ROOT, "llm: %,d of them occur under both labels and take the label most of "
                    + "their occurrences carry (%,d tied, kept under both)", distinct.conflicting(), distinct.tied()));
        }
        List<ClassifierTrainer.Result> results = new ArrayList<>();
        for (int k = 0; k < o.seeds(); k++) {
            ClassifierTrainer.Settings settings = o.settings().withSeed(o.settings().seed() + k);
            String who = o.seeds() == 1 ? "llm: " : String.format(Locale.ROOT, "llm: classifier %d of %d (seed %d): ", k + 1,
                    o.seeds(), settings.seed());
            ClassifierTrainer trainer = new ClassifierTrainer(config, settings, augmentations.get(k).augmentation(),
                    line -> progress.accept(who + line));
            results.add(initial == null ? trainer.train(examples) : trainer.train(examples, initial));
        }
        long trained = System.nanoTime();

        List<ClassifierWeights> weights = results.stream().map(ClassifierTrainer.Result::weights).toList();
        Path classifier = ClassifierRepository.writeTritonModel(config, weights, repository,
                ClassifierRepository.DEFAULT_MAX_BATCH, o.onnx());
        Files.writeString(bundle.resolve(LlmFiles.CLASSIFIER_CONFIG), config.toJson(), StandardCharsets.UTF_8);
        for (int k = 0; k < weights.size(); k++) {
            weights.get(k).write(bundle.resolve(LlmFiles.classifierWeights(k)));
        }
        if (o.context() != null) {
            Files.copy(o.context().knowledge(), bundle.resolve(LlmFiles.KNOWLEDGE), StandardCopyOption.REPLACE_EXISTING);
        }

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("encoder", source);
        facts.put("decoder_init", o.initFrom() == null ? "random" : o.initFrom().toString());
        facts.put("lora", o.settings().lora().summary());
        facts.put("dimension", dimension);
        facts.put("classifier", Map.of("width", config.width(), "layers", config.layers(), "heads", config.heads(),
                "ffn", config.ffn(), "maxMessages", config.maxMessages()));
        facts.put("onnx_precision", o.onnx().precision().name().toLowerCase(Locale.ROOT));
        facts.put("onnx_external_data", Files.exists(classifier.resolveSibling(ClassifierRepository.DATA_FILE)));
        if (retrieval != null) {
            facts.put("context", Map.of("knowledge", o.context().knowledge().toString(),
                    "descriptions", retrieval.knowledge().entries().size(), "k", o.context().k(),
                    "min_similarity", o.context().minSimilarity(),
                    "mean_per_sequence", examples.isEmpty() ? 0.0 : Math.round(100.0 * contexts / examples.size()) / 100.0));
        }
        facts.put("templates_embedded", embeddings.size());
        facts.put("training_examples", examples.size());
        if (distinct != null) {
            facts.put("label_conflicts", distinct.conflicting());
        }
        facts.put("augmentation", augmentations.get(0).facts());
        facts.put("encoder_export_seconds", seconds(exported - t0));
        facts.put("embedding_seconds", seconds(embedded - exported));
        long[] stageMillis = new long[3];
        double initialLoss = 0;
        double loss = 0;
        List<Double> losses = new ArrayList<>();
        for (ClassifierTrainer.Result r : results) {
            for (ClassifierTrainer.Epoch e : r.history()) {
                stageMillis[e.stage() - 1] += e.millis();
            }
            initialLoss += r.initialValidationLoss() / results.size();
            loss += r.validationLoss() / results.size();
            losses.add(r.validationLoss());
        }
        facts.put("classifiers", results.size());
        facts.put("seeds", java.util.stream.LongStream.range(0, results.size()).map(k -> o.settings().seed() + k).boxed().toList());
        facts.put("stage_seconds", List.of(stageMillis[0] / 1e3, stageMillis[1] / 1e3, stageMillis[2] / 1e3));
        facts.put("training_seconds", seconds(trained - embedded));
        facts.put("validation_loss", loss);
        if (results.size() > 1) {
            facts.put("validation_losses", losses);
        }
        facts.put("threshold", o.threshold());
        progress.accept(String.format(Locale.ROOT,
                "llm: %s trained in %.1f s (stages %.1f / %.1f / %.1f s), validation loss %.4f -> %.4f%s",
                results.size() == 1 ? "classifier" : results.size() + " classifiers (their mean p_anomalous is the member's)",
                (trained - embedded) / 1e9, stageMillis[0] / 1e3, stageMillis[1] / 1e3, stageMillis[2] / 1e3,
                initialLoss, loss, results.size() == 1 ? "" : " on average"));
        LlmMember member = new LlmMember(o.threshold(), config.maxMessages(), MiniLmEncoder.MAX_TOKENS, source);
        if (o.context() != null) {
            member = member.withContext(o.context().k(), o.context().minSimilarity());
            progress.accept(String.format(Locale.ROOT, "llm: %.2f retrieved descriptions per training sequence on average"
                    + " (at most %d)", examples.isEmpty() ? 0.0 : (double) contexts / examples.size(), o.context().k()));
        }
        return new Result(member, facts);
    }

    /** The masked text of every distinct template among the first {@code maxMessages} of each sequence. */
    private static Map<Long, String> texts(List<LogSequence> sequences, int maxMessages) {
        Map<Long, String> texts = new LinkedHashMap<>();
        for (LogSequence s : sequences) {
            if (s.messages == null) {
                throw new IllegalArgumentException("sequence " + s.key + " carries no messages; the LLM member needs them");
            }
            for (int j = 0; j < Math.min(maxMessages, s.templateIds.length); j++) {
                texts.putIfAbsent(s.templateIds[j], s.messages[j]);
            }
        }
        return texts;
    }

    /** Embeds texts in steps of 256, reporting progress. */
    static float[][] embed(OnnxEncoder e, List<String> all, String what, Consumer<String> progress)
            throws ai.onnxruntime.OrtException {
        float[][] out = new float[all.size()][];
        long start = System.nanoTime();
        int step = 256;
        for (int from = 0; from < all.size(); from += step) {
            int to = Math.min(all.size(), from + step);
            float[][] v = e.embed(all.subList(from, to));
            System.arraycopy(v, 0, out, from, v.length);
            progress.accept(String.format(Locale.ROOT, "llm: embedded %,d of %,d %s (%.0f/s)", to, all.size(), what,
                    to / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
        }
        return out;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
