package dev.logsieve.llm;

import dev.logsieve.inference.InProcessBackend;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the LLM member's files sit inside a model bundle:
 *
 * <pre>
 * &lt;bundle&gt;/triton/                          the Triton model repository, loadable as is
 *   logllm_encoder/config.pbtxt, 1/model.onnx
 *   logllm_classifier/config.pbtxt, 1/model.onnx
 * &lt;bundle&gt;/llm/tokenizer.json               the encoder's tokenizer (clients tokenize)
 * &lt;bundle&gt;/llm/classifier.json              the classifier's configuration (JSON)
 * &lt;bundle&gt;/llm/classifier.safetensors       its weights, to fine-tune from (training reads both)
 * &lt;bundle&gt;/llm/classifier-2.safetensors ...  the other classifiers' weights, where the member averages
 *                                         several trained from different seeds (--llm-seeds)
 * &lt;bundle&gt;/llm/knowledge.jsonl               the knowledge file it was trained with (only with --context)
 * </pre>
 *
 * Every file is listed with its SHA-256 in the bundle's manifest and checked when the bundle is read.
 */
public final class LlmFiles {
    /** The Triton model repository folder. */
    public static final String REPOSITORY = "triton";
    /** The encoder's tokenizer. */
    public static final String TOKENIZER = "llm/tokenizer.json";
    /** The classifier's configuration. */
    public static final String CLASSIFIER_CONFIG = "llm/classifier.json";
    /** The classifier's weights (the first classifier's, where the member averages several). */
    public static final String CLASSIFIER_WEIGHTS = "llm/classifier.safetensors";

    /** The knowledge file of a member trained with retrieved context. */
    public static final String KNOWLEDGE = "llm/knowledge.jsonl";

    private LlmFiles() {}

    /**
     * The weights of classifier {@code index} (from 0) of a member that averages several trained from
     * different seeds: {@link #CLASSIFIER_WEIGHTS} for the first, {@code llm/classifier-2.safetensors}
     * and so on for the others. The Triton repository's classifier holds them all.
     */
    public static String classifierWeights(int index) {
        return index == 0 ? CLASSIFIER_WEIGHTS : "llm/classifier-" + (index + 1) + ".safetensors";
    }

    /** {@code <bundle>/triton}. */
    public static Path repository(Path bundle) {
        return bundle.resolve(REPOSITORY);
    }

    /** {@code <bundle>/llm/tokenizer.json}. */
    public static Path tokenizer(Path bundle) {
        return bundle.resolve(TOKENIZER);
    }

    /** The bundle's models on ONNX Runtime in this process. */
    public static InProcessBackend openInProcess(Path bundle, int maxTokens, int intraOpThreads) throws IOException {
        return openInProcess(bundle, maxTokens, dev.logsieve.inference.OrtSettings.cpu(intraOpThreads));
    }

    /** The bundle's models on ONNX Runtime in this process, run as {@code settings} say (threads, CPU or CUDA). */
    public static InProcessBackend openInProcess(Path bundle, int maxTokens, dev.logsieve.inference.OrtSettings settings)
            throws IOException {
        return InProcessBackend.open(repository(bundle), tokenizer(bundle), maxTokens, settings);
    }
}
