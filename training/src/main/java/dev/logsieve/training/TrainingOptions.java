package dev.logsieve.training;

import dev.logsieve.llm.train.ClassifierExport;
import dev.logsieve.llm.train.ClassifierRepository;
import dev.logsieve.llm.train.LoraSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The training options that train and evaluate share. */
public class TrainingOptions {
    /** Every member, in voting order: what train and evaluate train unless told otherwise. */
    static final List<String> ALL_MEMBERS = List.of("dt", "knn", "mlp", "llm");

    @Option(names = "--members", split = ",", paramLabel = "NAMES",
            description = "Ensemble members to train: dt, knn, mlp, llm (default: all four; evaluate-adfa: dt,knn,mlp)")
    List<String> members;

    @Option(names = "--llm-encoder", paramLabel = "MODEL.onnx",
            description = "LLM member: a BERT-family ONNX export to embed messages with instead of the embedded all-MiniLM-L6-v2 (needs --llm-tokenizer), or 'minilm-q' for the embedded int8 all-MiniLM-L6-v2")
    Path llmEncoder;

    @Option(names = "--llm-tokenizer", paramLabel = "TOKENIZER.json", description = "LLM member: the --llm-encoder's tokenizer.json")
    Path llmTokenizer;

    @Option(names = "--llm-size", split = ",", paramLabel = "W,L,H,F", defaultValue = "64,2,4,128",
            description = "LLM member: decoder width, layers, attention heads, feed-forward width (default: ${DEFAULT-VALUE})")
    List<Integer> llmSize;

    @Option(names = "--llm-epochs", split = ",", paramLabel = "E1,E2,E3", defaultValue = "2,2,3",
            description = "LLM member: most epochs of training stages 1, 2 and 3 (early stopping may end a stage sooner; default: ${DEFAULT-VALUE})")
    List<Integer> llmEpochs;

    @Option(names = "--llm-threshold", paramLabel = "P",
            description = "LLM member: p_anomalous at or above which it votes anomalous (default: chosen on the validation part; 0.5 without one)")
    Double llmThreshold;

    @Option(names = "--llm-init-from", paramLabel = "DIR",
            description = "LLM member: start the decoder from a Hugging Face Llama checkpoint (config.json, *.safetensors, tokenizer.json; see docs/llama.md); its sizes replace --llm-size")
    Path llmInitFrom;

    @Option(names = "--llm-onnx-precision", paramLabel = "P", defaultValue = "fp32",
            description = "LLM member: precision of the exported classifier, fp32 or fp16 (half the size; the decoder runs in "
                    + "half precision, as a GPU serves it fastest; default: ${DEFAULT-VALUE})")
    String llmOnnxPrecision;

    @Option(names = "--llm-onnx-storage", paramLabel = "WHERE", defaultValue = "auto",
            description = "LLM member: where the exported classifier's weights go: inside model.onnx, external (ONNX external "
                    + "data in model.onnx.data beside it), or auto: external above 1 GiB of weights, as a model file holds "
                    + "at most 2 GB (default: ${DEFAULT-VALUE})")
    String llmOnnxStorage;

    @Option(names = "--llm-lora", paramLabel = "RANK",
            description = "LLM member: train low-rank adapters (LoRA) of this rank on the --llm-init-from decoder, whose "
                    + "own weights stay frozen; LogLLM's three stages then train the adapters, the projector, both, and "
                    + "the adapters are merged into the exported weights. 0 = train every weight (default: "
                    + LoraSettings.DEFAULT_RANK + " with --llm-init-from, as full training of a pretrained decoder does not "
                    + "fit a CPU; 0 without, where adapters are refused)")
    Integer llmLora;

    @Option(names = "--llm-lora-alpha", paramLabel = "ALPHA",
            description = "LLM member, with LoRA: the adapters' product is scaled by ALPHA / RANK (default: 16)")
    Double llmLoraAlpha;

    @Option(names = "--llm-lora-dropout", paramLabel = "P",
            description = "LLM member, with LoRA: dropout on the adapters' input while training, in [0, 1) (default: 0.05)")
    Double llmLoraDropout;

    @Option(names = "--llm-lora-targets", split = ",", paramLabel = "NAMES",
            description = "LLM member, with LoRA: the decoder matrices that get adapters, among q, k, v, o (attention) "
                    + "and gate, up, down (feed-forward) (default: all seven)")
    List<String> llmLoraTargets;

    @Option(names = "--llm-base-precision", paramLabel = "fp32|fp16|bf16",
            description = "LLM member, with LoRA: how the frozen decoder weights are held while training: fp32, or fp16 "
                    + "or bf16 to halve their memory between training steps and in validation (the forward pass "
                    + "computes in float32 on the held values; a training step's float32 copies, kept for its backward "
                    + "pass, come on top at its peak; bf16 is exact for a BF16 checkpoint, fp16 overflows beyond "
                    + "65504) (default: fp32)")
    String llmBasePrecision;

    @Option(names = "--context", paramLabel = "FILE",
            description = "LLM member: retrieval-augmented context (FlexLog's RAG): a knowledge file of JSON lines "
                    + "{\"match\": keyword or regex, \"text\": description} ('adfa-knowledge' writes one for ADFA-LD); "
                    + "each sequence's matching descriptions, then the nearest by embedding, go into the prompt before "
                    + "its messages. The file is kept in the bundle (default: no context)")
    Path context;

    @Option(names = "--context-k", paramLabel = "N", defaultValue = "" + dev.logsieve.llm.ContextRetrieval.DEFAULT_K,
            description = "LLM member with --context: most descriptions per sequence (default: ${DEFAULT-VALUE})")
    int contextK;

    @Option(names = "--context-min-similarity", paramLabel = "S",
            defaultValue = "" + dev.logsieve.llm.ContextRetrieval.DEFAULT_MIN_SIMILARITY,
            description = "LLM member with --context: least cosine similarity between a message and a description "
                    + "that no match names for the description to be retrieved (default: ${DEFAULT-VALUE})")
    double contextMinSimilarity;

    @Option(names = "--llm-all-sequences", description = "LLM member: train on every sequence, repeats included (default: each distinct one once)")
    boolean llmAllSequences;

    @Option(names = "--llm-seeds", paramLabel = "N",
            description = "LLM member: train N classifiers from the seeds --seed, --seed + 1, ..., each with its own draw of the augmentations, and answer their mean p_anomalous; N times the classifier's training and serving time (default: " + LlmTraining.DEFAULT_SEEDS + ", 1 with --llm-init-from or --llm-onnx-storage external; on BGL one classifier failed at one seed of five, three at none: BENCHMARKS.md)")
    Integer llmSeeds;

    @Option(names = "--llm-drift", paramLabel = "RATE",
            description = "LLM member: chance that a template is reworded (words inserted, deleted, replaced, swapped, phrases added) in a training sequence; 0 = off (default: chosen on the validation part between none and " + LlmAugmentations.DRIFT + " with the other two augmentations; 0 without one)")
    Double llmDrift;

    @Option(names = "--llm-unfamiliar", paramLabel = "RATE",
            description = "LLM member: share of normal training sequences whose templates are partly swapped for unfamiliar messages, which stay normal; 0 = off (default: chosen on the validation part between none and " + LlmAugmentations.UNFAMILIAR + " with the other two augmentations; 0 without one)")
    Double llmUnfamiliar;

    @Option(names = "--llm-transplant", paramLabel = "RATE",
            description = "LLM member: share of normal training sequences made anomalous by planting a few messages of an anomalous one; 0 = off (default: chosen on the validation part between none and " + LlmAugmentations.TRANSPLANT + " with the other two augmentations; 0 without one)")
    Double llmTransplant;

    @Option(names = "--limited-data", paramLabel = "FRACTION",
            description = "FlexLog sampling: all unique anomalous sequences plus this share of the unique normal ones (FlexLog: 0.2)")
    Double limitedData;

    @Option(names = "--beta", paramLabel = "SHARE", defaultValue = "0.3",
            description = "LogLLM minority oversampling: the minority class makes up at least this share (0 = off; default ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--prefixes", paramLabel = "WHICH", defaultValue = "evidence",
            description = "Prefixes of the training sequences to learn from, cut where streaming would judge them "
                    + "(at gaps longer than the session gap): none, normal (prefixes of normal sequences, as normal), "
                    + "evidence (also prefixes of anomalous ones that already hold a template no normal sequence has, "
                    + "as anomalous) or all (each with its sequence's label); the validation part's prefixes are judged too; default ${DEFAULT-VALUE}")
    String prefixes;

    @Option(names = "--validation", paramLabel = "SHARE", defaultValue = "0.2",
            description = "Share of the training sequences held out (the latest by time; a random share when they carry "
                    + "no time) to choose the vote rule and the LLM member's settings on; 0 = none (default: ${DEFAULT-VALUE})")
    double validation;

    @Option(names = "--validation-reword", paramLabel = "SHARE", defaultValue = "0.3",
            description = "Judge the validation part's normal sequences again with this share of their templates reworded "
                    + "(as an upgrade rewords log statements; they stay normal), so that the choices favour what does not "
                    + "alert on changed wording; 0 = the validation part as it is only (default: ${DEFAULT-VALUE})")
    double validationReword;

    @Option(names = "--no-refit", description = "Keep the members fitted without the validation part instead of training "
            + "them again on all the training sequences with the chosen settings")
    boolean noRefit;

    @Option(names = "--llm-refit", description = "Train the LLM member again on all the training sequences after the "
            + "validation part chose its settings, as dt, knn and mlp are (default: keep the LLM member that validation "
            + "judged, fitted without the validation part; BENCHMARKS.md has where the retrained one failed)")
    boolean llmRefit;

    @Option(names = "--vote", paramLabel = "RULE", defaultValue = "auto",
            description = "How the members' scores combine: majority (tie = normal), average (mean score against a "
                    + "threshold), weighted (weights and threshold from validation), stacked (a logistic regression on "
                    + "the members' scores, fitted on validation), or auto: the simplest rule within one standard "
                    + "error of the best validation F1, never below the best member alone (default: ${DEFAULT-VALUE})")
    String vote;

    @Option(names = "--fallback", paramLabel = "WHEN", defaultValue = "auto",
            description = "Semantic fallback for templates training never saw: such a line counts as its nearest known "
                    + "template when their encoder embeddings' cosine similarity reaches a threshold. auto (chosen on the "
                    + "validation part among off and 0.95 down to 0.7 in steps of 0.05), off, or a threshold in (0, 1] (default: ${DEFAULT-VALUE})")
    String fallback;

    private static RuntimeException bad(dev.logsieve.cli.InputOptions input, String option, String message) {
        return input != null ? input.bad(option, message)
                : new IllegalArgumentException("Invalid value for option '" + option + "': " + message);
    }

    private LlmTraining.Options llmOptions(dev.logsieve.cli.InputOptions input) {
        boolean builtIn = llmEncoder != null && llmEncoder.toString().equals(LlmTraining.QUANTIZED);
        if (builtIn && llmTokenizer != null) {
            throw bad(input, "--llm-tokenizer", "'" + LlmTraining.QUANTIZED + "' brings its own tokenizer");
        }
        if (!builtIn && (llmEncoder == null) != (llmTokenizer == null)) {
            throw bad(input, llmEncoder == null ? "--llm-tokenizer" : "--llm-encoder",
                    "--llm-encoder and --llm-tokenizer go together");
        }
        for (Path p : new Path[] {llmEncoder, llmTokenizer}) {
            if (p != null && !(builtIn && p == llmEncoder) && !Files.isRegularFile(p)) {
                throw bad(input, p == llmEncoder ? "--llm-encoder" : "--llm-tokenizer", "no such file: " + p);
            }
        }
        if (llmSize.size() != 4 || llmSize.stream().anyMatch(v -> v <= 0)) {
            throw bad(input, "--llm-size", "give four positive numbers WIDTH,LAYERS,HEADS,FFN, got " + llmSize);
        }
        if (llmEpochs.size() != 3 || llmEpochs.stream().anyMatch(v -> v < 0)) {
            throw bad(input, "--llm-epochs", "give three epoch counts E1,E2,E3 (0 skips a stage), got " + llmEpochs);
        }
        if (llmThreshold != null && !(llmThreshold > 0 && llmThreshold < 1)) {
            throw bad(input, "--llm-threshold", "must be in (0, 1), got " + llmThreshold);
        }
        double drift = llmDrift == null ? 0 : llmDrift;
        double unfamiliar = llmUnfamiliar == null ? 0 : llmUnfamiliar;
        double transplant = llmTransplant == null ? 0 : llmTransplant;
        LlmAugmentations.Rates augment;
        try {
            augment = new LlmAugmentations.Rates(drift, unfamiliar, transplant);
        } catch (IllegalArgumentException e) {
            String option = !(drift >= 0 && drift <= 1) ? "--llm-drift"
                    : !(unfamiliar >= 0 && unfamiliar <= 1) ? "--llm-unfamiliar" : "--llm-transplant";
            throw bad(input, option, e.getMessage());
        }
        if (llmInitFrom != null && !Files.isRegularFile(llmInitFrom.resolve("config.json"))) {
            throw bad(input, "--llm-init-from", llmInitFrom + " is not a Hugging Face checkpoint folder (no config.json)");
        }
        dev.logsieve.llm.train.ClassifierConfig config;
        try {
            config = dev.logsieve.llm.train.ClassifierConfig.of(dev.logsieve.llm.train.MiniLmEncoder.DIMENSION, llmSize.get(0),
                    llmSize.get(1), llmSize.get(2), llmSize.get(3));
        } catch (IllegalArgumentException e) {
            throw bad(input, "--llm-size", e.getMessage());
        }
        LlmTraining.Options d = LlmTraining.Options.defaults();
        return new LlmTraining.Options(llmEncoder, llmTokenizer, config, llmInitFrom,
                d.settings().withEpochs(llmEpochs.get(0), llmEpochs.get(1), llmEpochs.get(2)).withLora(lora(input)),
                llmThreshold == null ? d.threshold() : llmThreshold, d.threads(),
                !llmAllSequences, augment, onnxOptions(input), context(input), seeds(input));
    }

    /** {@code --llm-seeds}, checked. */
    private int seeds(dev.logsieve.cli.InputOptions input) {
        boolean external = llmOnnxStorage.equalsIgnoreCase(ClassifierRepository.Storage.EXTERNAL.name());
        if (llmSeeds == null) {
            // An average keeps its weights inside model.onnx (1 GiB at most): too small for a pretrained decoder's copies.
            return external || llmInitFrom != null ? 1 : LlmTraining.DEFAULT_SEEDS;
        }
        if (llmSeeds < 1) {
            throw bad(input, "--llm-seeds", "must be at least 1, got " + llmSeeds);
        }
        if (llmSeeds > 1 && external) {
            throw bad(input, "--llm-seeds", "classifiers averaged are written with their weights inside model.onnx;"
                    + " with --llm-onnx-storage external give --llm-seeds 1");
        }
        return llmSeeds;
    }

    /** {@code --context} and its companions, checked; null without a knowledge file. */
    private LlmTraining.Context context(dev.logsieve.cli.InputOptions input) {
        if (contextK < 1) {
            throw bad(input, "--context-k", "must be at least 1, got " + contextK);
        }
        if (!(contextMinSimilarity >= -1 && contextMinSimilarity <= 1)) {
            throw bad(input, "--context-min-similarity", "a cosine similarity, in [-1, 1], got " + contextMinSimilarity);
        }
        if (context == null) {
            return null;
        }
        if (!Files.isRegularFile(context)) {
            throw bad(input, "--context", "no such file: " + context);
        }
        try {
            dev.logsieve.llm.Knowledge k = dev.logsieve.llm.Knowledge.read(context);
            if (k.entries().isEmpty()) {
                throw bad(input, "--context", context + " has no entries");
            }
        } catch (java.io.IOException e) {
            throw bad(input, "--context", e.getMessage());
        }
        return new LlmTraining.Context(context, contextK, contextMinSimilarity);
    }

    private ClassifierRepository.Options onnxOptions(dev.logsieve.cli.InputOptions input) {
        ClassifierExport.Precision precision;
        try {
            precision = ClassifierRepository.parse(ClassifierExport.Precision.class, llmOnnxPrecision);
        } catch (IllegalArgumentException e) {
            throw bad(input, "--llm-onnx-precision", e.getMessage());
        }
        try {
            return new ClassifierRepository.Options(precision, ClassifierRepository.parse(ClassifierRepository.Storage.class,
                    llmOnnxStorage));
        } catch (IllegalArgumentException e) {
            throw bad(input, "--llm-onnx-storage", e.getMessage());
        }
    }

    /** The option of each {@link LoraSettings} component, to name it when its value is refused. */
    private static final Map<String, String> LORA_OPTIONS = Map.of("rank", "--llm-lora", "alpha", "--llm-lora-alpha",
            "dropout", "--llm-lora-dropout", "targets", "--llm-lora-targets", "basePrecision", "--llm-base-precision");

    /** {@code --llm-lora} and its companions: on (rank 8) by default with a checkpoint, refused without one. */
    private LoraSettings lora(dev.logsieve.cli.InputOptions input) {
        int rank = llmLora != null ? llmLora : llmInitFrom != null ? LoraSettings.DEFAULT_RANK : 0;
        if (rank > 0 && llmInitFrom == null) {
            throw bad(input, "--llm-lora", "adapters train a pretrained decoder: give --llm-init-from too (a decoder "
                    + "from random weights trains in full)");
        }
        if (rank == 0) {
            String[] options = {"--llm-lora-alpha", "--llm-lora-dropout", "--llm-lora-targets", "--llm-base-precision"};
            Object[] given = {llmLoraAlpha, llmLoraDropout, llmLoraTargets, llmBasePrecision};
            for (int i = 0; i < given.length; i++) {
                if (given[i] != null) {
                    throw bad(input, options[i], "applies to LoRA only, which is off ("
                            + (llmInitFrom == null ? "no --llm-init-from" : "--llm-lora 0") + ")");
                }
            }
            return LoraSettings.OFF;
        }
        try {
            return new LoraSettings(rank, llmLoraAlpha == null ? LoraSettings.DEFAULT_ALPHA : llmLoraAlpha,
                    llmLoraDropout == null ? LoraSettings.DEFAULT_DROPOUT : llmLoraDropout,
                    llmLoraTargets == null ? EnumSet.allOf(LoraSettings.Target.class) : LoraSettings.Target.parse(llmLoraTargets),
                    llmBasePrecision == null ? LoraSettings.Precision.FP32 : LoraSettings.Precision.parse(llmBasePrecision));
        } catch (LoraSettings.Invalid e) {
            throw bad(input, LORA_OPTIONS.get(e.setting()), e.getMessage());
        }
    }

    /** Checks the options; errors name the option (through {@code input}'s command line when given). */
    TrainingSettings toSettings(dev.logsieve.cli.InputOptions input) {
        return toSettings(input, ALL_MEMBERS);
    }

    /** As {@link #toSettings(dev.logsieve.cli.InputOptions)}, with other members when --members is not given. */
    TrainingSettings toSettings(dev.logsieve.cli.InputOptions input, List<String> defaultMembers) {
        TrainingSettings s = new TrainingSettings();
        s.members = new LinkedHashSet<>();
        for (String m : members == null ? defaultMembers : members) {
            String name = m.trim().toLowerCase();
            if (!List.of("dt", "knn", "mlp", "llm").contains(name)) {
                throw bad(input, "--members", "unknown member '" + m + "' (known: dt, knn, mlp, llm)");
            }
            s.members.add(name);
        }
        if (limitedData != null && !(limitedData > 0 && limitedData <= 1)) {
            throw bad(input, "--limited-data", "must be in (0, 1], got " + limitedData);
        }
        if (beta < 0 || beta >= 1) {
            throw bad(input, "--beta", "must be in [0, 1), got " + beta);
        }
        try {
            s.prefixes = Prefixes.Policy.valueOf(prefixes.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw bad(input, "--prefixes", "'" + prefixes + "' is none of none, normal, evidence, all");
        }
        if (input != null) {
            s.prefixGap = input.toConfiguration().get(dev.logsieve.window.WindowOptions.SESSION_GAP);
        }
        if (!(validation >= 0 && validation < 1)) {
            throw bad(input, "--validation", "must be in [0, 1), got " + validation);
        }
        String rule = vote.trim().toLowerCase(java.util.Locale.ROOT);
        if (!dev.logsieve.ensemble.train.VoteChooser.CHOICES.contains(rule)) {
            throw bad(input, "--vote", "'" + vote + "' is none of " + String.join(", ", dev.logsieve.ensemble.train.VoteChooser.CHOICES));
        }
        if (validation == 0 && (rule.equals("weighted") || rule.equals("stacked"))) {
            throw bad(input, "--vote", rule + " is fitted on the validation part; it needs --validation above 0");
        }
        if (!(validationReword >= 0 && validationReword <= 1)) {
            throw bad(input, "--validation-reword", "must be in [0, 1], got " + validationReword);
        }
        s.fallback = fallback(input);
        s.validation = validation;
        s.validationReword = validationReword;
        if (noRefit && llmRefit) {
            throw bad(input, "--llm-refit", "trains the LLM member again after validation, and --no-refit trains nothing "
                    + "again: give one of them");
        }
        s.refit = !noRefit;
        s.llmRefit = llmRefit;
        s.vote = rule;
        s.llmAugmentGiven = llmDrift != null || llmUnfamiliar != null || llmTransplant != null;
        s.llmThresholdGiven = llmThreshold != null;
        s.llm = llmOptions(input);
        if (s.llm.context() != null && !s.members.contains("llm")) {
            throw bad(input, "--context", "only the LLM member reads context; --members " + String.join(",", s.members)
                    + " has no llm");
        }
        s.limitedNormalFraction = limitedData;
        s.beta = beta;
        s.seed = seed;
        return s;
    }

    /** {@code --fallback}: auto, off, or a threshold in (0, 1], as a string {@link FallbackSelection} reads. */
    private String fallback(dev.logsieve.cli.InputOptions input) {
        String f = fallback.trim().toLowerCase(java.util.Locale.ROOT);
        if (f.equals("auto") || f.equals("off")) {
            return f;
        }
        double t;
        try {
            t = Double.parseDouble(f);
        } catch (NumberFormatException e) {
            throw bad(input, "--fallback", "'" + fallback + "' is none of auto, off, or a threshold in (0, 1]");
        }
        if (!(t > 0 && t <= 1)) {
            throw bad(input, "--fallback", "the threshold is a cosine similarity in (0, 1], got " + fallback);
        }
        return Double.toString(t);
    }
}
