package dev.logsieve.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
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

    @Option(names = "--llm-threshold", paramLabel = "P", defaultValue = "0.5",
            description = "LLM member: p_anomalous at or above which it votes anomalous (default: ${DEFAULT-VALUE})")
    double llmThreshold;

    @Option(names = "--llm-init-from", paramLabel = "DIR",
            description = "LLM member: start the decoder from a Hugging Face Llama checkpoint (config.json, *.safetensors, tokenizer.json; see docs/llama.md); its sizes replace --llm-size")
    Path llmInitFrom;

    @Option(names = "--llm-all-sequences", description = "LLM member: train on every sequence, repeats included (default: each distinct one once)")
    boolean llmAllSequences;

    @Option(names = "--llm-drift", paramLabel = "RATE", defaultValue = "0",
            description = "LLM member: chance that a template is reworded (words inserted, deleted, replaced, swapped, phrases added) in a training sequence; 0 = off (default: ${DEFAULT-VALUE}; BGL: " + LlmAugmentations.DRIFT + ")")
    double llmDrift;

    @Option(names = "--llm-unfamiliar", paramLabel = "RATE", defaultValue = "0",
            description = "LLM member: share of normal training sequences whose templates are partly swapped for unfamiliar messages, which stay normal; 0 = off (default: ${DEFAULT-VALUE}; BGL: " + LlmAugmentations.UNFAMILIAR + ")")
    double llmUnfamiliar;

    @Option(names = "--llm-transplant", paramLabel = "RATE", defaultValue = "0",
            description = "LLM member: share of normal training sequences made anomalous by planting a few messages of an anomalous one; 0 = off (default: ${DEFAULT-VALUE}; BGL: " + LlmAugmentations.TRANSPLANT + ")")
    double llmTransplant;

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
                    + "as anomalous) or all (each with its sequence's label); default ${DEFAULT-VALUE}")
    String prefixes;

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
        if (!(llmThreshold > 0 && llmThreshold < 1)) {
            throw bad(input, "--llm-threshold", "must be in (0, 1), got " + llmThreshold);
        }
        LlmAugmentations.Rates augment;
        try {
            augment = new LlmAugmentations.Rates(llmDrift, llmUnfamiliar, llmTransplant);
        } catch (IllegalArgumentException e) {
            String option = !(llmDrift >= 0 && llmDrift <= 1) ? "--llm-drift"
                    : !(llmUnfamiliar >= 0 && llmUnfamiliar <= 1) ? "--llm-unfamiliar" : "--llm-transplant";
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
                d.settings().withEpochs(llmEpochs.get(0), llmEpochs.get(1), llmEpochs.get(2)), llmThreshold, d.threads(),
                !llmAllSequences, augment);
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
        s.llm = llmOptions(input);
        s.limitedNormalFraction = limitedData;
        s.beta = beta;
        s.seed = seed;
        return s;
    }
}
