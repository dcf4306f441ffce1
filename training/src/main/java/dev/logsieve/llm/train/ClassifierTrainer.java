package dev.logsieve.llm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.logsieve.inference.Padded;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the {@code logllm_classifier} ({@link DjlClassifier}) on labelled sequences of message
 * embeddings, following LogLLM (DESIGN section 6):
 *
 * <ol>
 *   <li>stage 1: the decoder (everything but the projector) on at most
 *       {@link Settings#stage1Samples()} class-balanced sequences;</li>
 *   <li>stage 2: the projector, the decoder frozen ({@link Parameter#freeze(boolean)});</li>
 *   <li>stage 3: everything together.</li>
 * </ol>
 *
 * With {@link Settings#lora()} enabled ({@link LoraSettings}: a pretrained decoder too large to
 * train in full), the decoder's base weights stay frozen throughout, bit for bit, and "the
 * decoder" of the stages means its low-rank adapters: stage 1 trains the adapters (LogLLM's first
 * stage fine-tunes its Llama through LoRA), stage 2 the projector, stage 3 both. The RMSNorm gains,
 * embeddings and {@code lm_head} stay as imported too: they are part of the base, and PEFT's LoRA
 * leaves them frozen as well. {@link Result#weights()} then holds the adapters merged into the base.
 *
 * Each stage has its own AdamW ({@link Optimizer#adamW()}) with a cosine learning-rate schedule
 * ({@link Tracker#cosine()}) over the stage's updates. The loss is the cross-entropy of the answer
 * token ({@code anomalous} or {@code normal}) over the decoder's vocabulary at the answer position
 * only. Every training epoch (stages 2 and 3; stage 1's balanced subset needs none) oversamples
 * the minority class, with replacement, to at least {@link Settings#beta()} of the epoch. A
 * stratified {@link Settings#validationFraction()} of the sequences is held out; after each epoch
 * its loss is measured, and a stage stops early after {@link Settings#patience()} epochs without
 * improvement, keeping its best weights. Sampling uses a {@link Random} seeded with
 * {@link Settings#seed()}; the engine's seed is set too, so equal inputs give equal weights. An
 * optional {@link Augmentation} rewrites each training sequence as it enters a batch
 * ({@code dev.logsieve.llm.augment}); validation sequences are never augmented.
 *
 * <p>Needs a DJL engine with autograd at run time (PyTorch); compiles against {@code ai.djl:api}
 * only. Not thread-safe; one {@link #train} at a time.
 */
public final class ClassifierTrainer {

    /**
     * Training settings.
     *
     * @param seed seed of the sampling {@link Random} and of the engine
     * @param batchSize sequences per mini-batch
     * @param beta minority share of each oversampled epoch (LogLLM: 0.3)
     * @param validationFraction share of each class held out for validation and early stopping
     * @param patience epochs without a better validation loss before a stage stops
     * @param stage1Samples most sequences (balanced) for stage 1 (LogLLM: 1,000)
     * @param epochs epochs of stages 1, 2, 3
     * @param learningRates peak learning rates of stages 1, 2, 3
     * @param finalLearningRateFactor the cosine schedule ends at peak × this (in [0, 1]; 1: constant rate)
     * @param weightDecay AdamW's decoupled weight decay
     * @param clipGradient gradient clipping (per element; 0 for none)
     * @param lora low-rank adapters on a frozen decoder, or {@link LoraSettings#OFF} to train every weight
     */
    public record Settings(long seed, int batchSize, double beta, double validationFraction, int patience,
            int stage1Samples, int[] epochs, float[] learningRates, float finalLearningRateFactor, float weightDecay,
            float clipGradient, LoraSettings lora) {

        /** Checks the values. */
        public Settings {
            epochs = epochs.clone();
            learningRates = learningRates.clone();
            if (batchSize <= 0 || beta < 0 || beta >= 1 || validationFraction < 0 || validationFraction >= 1
                    || patience <= 0 || stage1Samples <= 0 || finalLearningRateFactor < 0 || finalLearningRateFactor > 1
                    || epochs.length != 3 || learningRates.length != 3 || lora == null) {
                throw new IllegalArgumentException("invalid training settings");
            }
        }

        /** Settings that train every weight (no adapters). */
        public Settings(long seed, int batchSize, double beta, double validationFraction, int patience,
                int stage1Samples, int[] epochs, float[] learningRates, float finalLearningRateFactor, float weightDecay,
                float clipGradient) {
            this(seed, batchSize, beta, validationFraction, patience, stage1Samples, epochs, learningRates,
                    finalLearningRateFactor, weightDecay, clipGradient, LoraSettings.OFF);
        }

        /** LogLLM-like defaults: batch 16, beta 0.3, 10 % validation, patience 2, 1,000 stage-1 samples, 2/2/3 epochs. */
        public static Settings defaults() {
            return new Settings(42, 16, 0.3, 0.1, 2, 1000, new int[] {2, 2, 3}, new float[] {5e-4f, 5e-4f, 2e-4f},
                    0.1f, 0.01f, 1.0f);
        }

        /** These settings with another seed. */
        public Settings withSeed(long s) {
            return new Settings(s, batchSize, beta, validationFraction, patience, stage1Samples, epochs, learningRates,
                    finalLearningRateFactor, weightDecay, clipGradient, lora);
        }

        /** These settings with other epochs per stage. */
        public Settings withEpochs(int stage1, int stage2, int stage3) {
            return new Settings(seed, batchSize, beta, validationFraction, patience, stage1Samples,
                    new int[] {stage1, stage2, stage3}, learningRates, finalLearningRateFactor, weightDecay, clipGradient,
                    lora);
        }

        /** These settings with other peak learning rates per stage. */
        public Settings withLearningRates(float stage1, float stage2, float stage3) {
            return new Settings(seed, batchSize, beta, validationFraction, patience, stage1Samples, epochs,
                    new float[] {stage1, stage2, stage3}, finalLearningRateFactor, weightDecay, clipGradient, lora);
        }

        /** These settings with other adapters. */
        public Settings withLora(LoraSettings l) {
            return new Settings(seed, batchSize, beta, validationFraction, patience, stage1Samples, epochs, learningRates,
                    finalLearningRateFactor, weightDecay, clipGradient, l);
        }
    }

    /**
     * Changes a training sequence's message embeddings before the trainer sees it (e.g.
     * {@link dev.logsieve.llm.augment.TemplateDrift}); applied afresh each time a sequence enters a training batch, never
     * to validation sequences. Must not modify its argument.
     */
    @FunctionalInterface
    public interface Augmentation {
        /** No change. */
        Augmentation NONE = (example, random) -> example;

        /** The sequence to train on in place of {@code example}; draws only from {@code random}. */
        TrainingExample apply(TrainingExample example, Random random);

        /** This augmentation, then {@code next} on its result. */
        default Augmentation then(Augmentation next) {
            return (example, random) -> next.apply(apply(example, random), random);
        }
    }

    /** One finished epoch: stage (1-3), epoch (1-based), mean training loss, validation loss (NaN without validation). */
    public record Epoch(int stage, int epoch, double loss, double validationLoss, long millis) {}

    /**
     * What training produced.
     *
     * @param weights the trained weights (each stage's best by validation loss; adapters merged)
     * @param history every epoch, in order
     * @param initialValidationLoss validation loss of the starting weights (NaN without validation)
     * @param validationLoss validation loss of the returned weights (NaN without validation)
     * @param millis wall time of {@link #train}
     */
    public record Result(ClassifierWeights weights, List<Epoch> history, double initialValidationLoss,
            double validationLoss, long millis) {}

    private final ClassifierConfig config;
    private final Settings settings;
    private final Augmentation augmentation;
    private final Consumer<String> progress;

    /** A trainer; {@code progress} receives one line per epoch (stage, epoch, loss, val loss, ETA). */
    public ClassifierTrainer(ClassifierConfig config, Settings settings, Consumer<String> progress) {
        this(config, settings, Augmentation.NONE, progress);
    }

    /** A trainer that augments every training sequence with {@code augmentation}. */
    public ClassifierTrainer(ClassifierConfig config, Settings settings, Augmentation augmentation,
            Consumer<String> progress) {
        this.config = config;
        this.settings = settings;
        this.augmentation = augmentation;
        this.progress = progress;
    }

    /** Trains from {@link ClassifierWeights#random} weights seeded with the settings' seed. */
    public Result train(List<TrainingExample> examples) {
        return train(examples, ClassifierWeights.random(config, settings.seed()));
    }

    /**
     * Trains from the given weights (e.g. a pretrained decoder), with adapters when the settings
     * ask for them (drawn from the settings' seed); returns new weights, {@code initial} is unchanged.
     */
    public Result train(List<TrainingExample> examples, ClassifierWeights initial) {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            return train(examples, DjlClassifier.create(config, initial, settings.lora(), settings.seed(), manager));
        }
    }

    /**
     * Trains a network in place (its own adapters, if any, decide what trains; the settings'
     * {@link Settings#lora()} is not consulted) and leaves it holding the chosen weights, so the
     * caller can inspect its parameters afterwards; the caller closes the network's manager.
     */
    public Result train(List<TrainingExample> examples, DjlClassifier model) {
        if (!model.config().equals(config)) {
            throw new IllegalArgumentException("the network's configuration is not the trainer's");
        }
        long start = System.nanoTime();
        for (TrainingExample e : examples) {
            if (e.messages().length > 0 && e.messages()[0].length != config.dimension()) {
                throw new IllegalArgumentException("embeddings of width " + e.messages()[0].length + ", the configuration has "
                        + config.dimension());
            }
        }
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());

        // Stratified validation split.
        List<TrainingExample> train = new ArrayList<>();
        List<TrainingExample> validation = new ArrayList<>();
        for (boolean label : new boolean[] {false, true}) {
            List<TrainingExample> cls = new ArrayList<>();
            examples.stream().filter(e -> e.anomalous() == label).forEach(cls::add);
            Collections.shuffle(cls, random);
            int held = (int) Math.round(cls.size() * settings.validationFraction());
            validation.addAll(cls.subList(0, held));
            train.addAll(cls.subList(held, cls.size()));
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }

        List<TrainingExample> stage1 = balancedSubset(train, settings.stage1Samples(), random);
        int epochSize = oversampledSize(train);
        int[] steps = {batches(stage1.size()), batches(epochSize), batches(epochSize)};
        long plannedSteps = 0;
        for (int s = 0; s < 3; s++) {
            plannedSteps += (long) steps[s] * settings.epochs()[s];
        }

        NDManager manager = model.manager();
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.dimension()), new Shape(1, 1));
        List<Epoch> history = new ArrayList<>();
        double initialValidation = loss(model, manager, validation);
        double best = initialValidation;
        long doneSteps = 0;
        boolean lora = model.lora().enabled();
        List<String> snapshot = model.parameterNames().stream().filter(n -> trains(n, 0, lora)).toList();
        for (int stage = 1; stage <= 3; stage++) {
            List<Parameter> params = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                boolean t = trains(p.getKey(), stage, lora);
                if (snapshot.contains(p.getKey())) {
                    p.getValue().freeze(!t); // a frozen base stays frozen (and may not even be a float type)
                }
                if (t) {
                    params.add(p.getValue());
                }
            }
            int epochs = settings.epochs()[stage - 1];
            float lr = settings.learningRates()[stage - 1];
            Tracker schedule = settings.finalLearningRateFactor() >= 1 ? Tracker.fixed(lr)
                    : Tracker.cosine().setBaseValue(lr).optFinalValue(lr * settings.finalLearningRateFactor())
                            .setMaxUpdates(Math.max(1, epochs * steps[stage - 1])).build();
            Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule)
                    .optWeightDecays(settings.weightDecay()).optClipGrad(settings.clipGradient()).build();
            ClassifierWeights stageBest = model.parameters(snapshot);
            double stageBestLoss = best;
            int worse = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                List<TrainingExample> order = stage == 1 ? new ArrayList<>(stage1) : oversample(train, random);
                Collections.shuffle(order, random);
                double sum = 0;
                for (int from = 0; from < order.size(); from += settings.batchSize()) {
                    List<TrainingExample> batch = new ArrayList<>();
                    for (TrainingExample e : order.subList(from, Math.min(order.size(), from + settings.batchSize()))) {
                        batch.add(augmentation.apply(e, random));
                    }
                    try (NDManager sub = manager.newSubManager();
                            GradientCollector gc = engine.newGradientCollector()) {
                        NDArray l = batchLoss(model, sub, batch, true);
                        gc.backward(l);
                        sum += l.getFloat() * batch.size();
                    }
                    for (Parameter p : params) {
                        NDArray w = p.getArray();
                        optimizer.update(p.getId(), w, w.getGradient());
                    }
                    doneSteps++;
                }
                double trainLoss = sum / order.size();
                double valLoss = loss(model, manager, validation);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                history.add(new Epoch(stage, epoch, trainLoss, valLoss, ms));
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                long eta = doneSteps == 0 ? 0 : elapsed * (plannedSteps - doneSteps) / doneSteps;
                progress.accept(String.format(Locale.ROOT,
                        "stage %d/3 epoch %d/%d: loss %.4f, val loss %.4f, %d ms, ETA %s", stage, epoch, epochs,
                        trainLoss, valLoss, ms, duration(eta)));
                if (validation.isEmpty() || valLoss < stageBestLoss) {
                    stageBestLoss = valLoss;
                    stageBest = model.parameters(snapshot);
                    worse = 0;
                } else if (++worse >= settings.patience()) {
                    plannedSteps -= (long) (epochs - epoch) * steps[stage - 1];
                    progress.accept(String.format(Locale.ROOT, "stage %d/3: early stop after epoch %d (best val loss %.4f)",
                            stage, epoch, stageBestLoss));
                    break;
                }
            }
            if (!validation.isEmpty()) {
                // keep the stage's best weights (the starting ones when no epoch improved)
                model.restore(stageBest);
                best = stageBestLoss;
            }
        }
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (snapshot.contains(p.getKey())) {
                p.getValue().freeze(false);
            }
        }
        return new Result(model.weights(), List.copyOf(history), initialValidation,
                validation.isEmpty() ? Double.NaN : best, (System.nanoTime() - start) / 1_000_000);
    }

    /** Mean answer cross-entropy of fixed weights over labelled sequences (NaN for none). */
    public static double loss(ClassifierConfig config, ClassifierWeights weights, List<TrainingExample> examples,
            int batchSize) {
        ClassifierTrainer t = new ClassifierTrainer(config, Settings.defaults(), s -> {});
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            return t.loss(DjlClassifier.create(config, weights, manager), manager, examples);
        }
    }

    private double loss(DjlClassifier model, NDManager manager, List<TrainingExample> examples) {
        if (examples.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int from = 0; from < examples.size(); from += settings.batchSize()) {
            List<TrainingExample> batch = examples.subList(from, Math.min(examples.size(), from + settings.batchSize()));
            try (NDManager sub = manager.newSubManager()) {
                sum += batchLoss(model, sub, batch, false).getFloat() * batch.size();
            }
        }
        return sum / examples.size();
    }

    /** Mean cross-entropy of the answer token over the vocabulary, for a padded mini-batch. */
    private NDArray batchLoss(DjlClassifier model, NDManager m, List<TrainingExample> batch, boolean training) {
        int b = batch.size();
        int d = config.dimension();
        List<float[][]> messages = new ArrayList<>(b);
        List<float[][]> contexts = new ArrayList<>(b);
        float[] target = new float[b * config.vocabulary().size()];
        for (int i = 0; i < b; i++) {
            messages.add(batch.get(i).messages());
            contexts.add(batch.get(i).context());
            target[i * config.vocabulary().size()
                    + (batch.get(i).anomalous() ? config.anomalousId() : config.normalId())] = 1;
        }
        NDList in = new NDList();
        add(in, m, Padded.of(messages, config.maxMessages(), d), b, d);
        if (config.maxContext() > 0) {
            add(in, m, Padded.of(contexts, config.maxContext(), d), b, d);
        }
        NDList out = model.forward(new ParameterStore(m, false), in, training);
        NDArray oneHot = m.create(target, new Shape(b, config.vocabulary().size()));
        return out.get(1).logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** A padded part's values [b, width, d] and mask [b, width] as the model's next two inputs. */
    private static void add(NDList in, NDManager m, Padded p, int b, int d) {
        in.add(m.create(p.values(), new Shape(b, p.width(), d)));
        in.add(m.create(p.mask(), new Shape(b, p.width())));
    }

    /**
     * Whether parameter {@code name} trains in {@code stage} (1-3; 0: in any stage). Without
     * adapters: stage 1 the decoder, 2 the projector, 3 all. With adapters: stage 1 the adapters,
     * 2 the projector, 3 both; the base never.
     */
    static boolean trains(String name, int stage, boolean lora) {
        boolean projector = name.startsWith("projector.");
        boolean decoder = lora ? DjlClassifier.isAdapter(name) : !projector;
        return switch (stage) {
            case 1 -> decoder;
            case 2 -> projector;
            default -> decoder || projector;
        };
    }

    /** At most {@code max} sequences, half of each class where the classes allow. */
    private static List<TrainingExample> balancedSubset(List<TrainingExample> train, int max, Random random) {
        List<TrainingExample> pos = new ArrayList<>();
        List<TrainingExample> neg = new ArrayList<>();
        train.forEach(e -> (e.anomalous() ? pos : neg).add(e));
        Collections.shuffle(pos, random);
        Collections.shuffle(neg, random);
        int p = Math.min(pos.size(), Math.max(max / 2, max - neg.size()));
        int q = Math.min(neg.size(), max - p);
        List<TrainingExample> out = new ArrayList<>(pos.subList(0, p));
        out.addAll(neg.subList(0, q));
        return out;
    }

    private int minorityTarget(int minority, int majority) {
        double beta = settings.beta();
        return Math.max(minority, (int) Math.ceil(beta * majority / (1 - beta)));
    }

    private int oversampledSize(List<TrainingExample> train) {
        long pos = train.stream().filter(TrainingExample::anomalous).count();
        int minority = (int) Math.min(pos, train.size() - pos);
        int majority = train.size() - minority;
        return minority == 0 ? train.size() : majority + minorityTarget(minority, majority);
    }

    /** The training set with the minority class topped up (with replacement) to at least beta of the epoch. */
    private List<TrainingExample> oversample(List<TrainingExample> train, Random random) {
        List<TrainingExample> pos = new ArrayList<>();
        List<TrainingExample> neg = new ArrayList<>();
        train.forEach(e -> (e.anomalous() ? pos : neg).add(e));
        List<TrainingExample> minority = pos.size() <= neg.size() ? pos : neg;
        List<TrainingExample> majority = minority == pos ? neg : pos;
        List<TrainingExample> out = new ArrayList<>(train);
        if (minority.isEmpty()) {
            return out;
        }
        for (int extra = minorityTarget(minority.size(), majority.size()) - minority.size(); extra > 0; extra--) {
            out.add(minority.get(random.nextInt(minority.size())));
        }
        return out;
    }

    private int batches(int size) {
        return (size + settings.batchSize() - 1) / settings.batchSize();
    }

    private static String duration(long ms) {
        long s = (ms + 500) / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
