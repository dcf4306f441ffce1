/**
 * The LLM member in the job (DESIGN section 6, issue 3): masked messages become sentence
 * embeddings (the encoder {@code logllm_encoder}), and a small Llama-style classifier
 * ({@code logllm_classifier}) scores a sequence of them as anomalous or normal. This package holds
 * the member's inference side only; the models themselves come from the bundle, and the backends
 * that run them are in {@code dev.logsieve.inference}.
 *
 * <ul>
 *   <li>{@link dev.logsieve.llm.LlmMember} – the member: votes from a score against its threshold;
 *       serialized into the bundle with its settings only.
 *   <li>{@link dev.logsieve.llm.LlmScorer} – scores whole sequences over an
 *       {@link dev.logsieve.inference.LlmBackend} (in-process ONNX Runtime or Triton), with an
 *       {@link dev.logsieve.llm.EmbeddingCache} (one embedding per distinct template id, least
 *       recently used evicted, hit and miss counts).
 *   <li>{@link dev.logsieve.llm.LlmFiles} – where the member's files sit in a bundle.
 *   <li>{@link dev.logsieve.llm.Knowledge} – a knowledge file for retrieval-augmented context
 *       (FlexLog's RAG) and the retrieval of a sequence's descriptions: keyword or regex matches
 *       first, the nearest by embedding for the rest; {@link dev.logsieve.llm.ContextRetrieval} turns a
 *       sequence's retrieved descriptions into the context vectors a member trained with
 *       {@code --context} reads before its messages.
 * </ul>
 *
 * <p>In the job it is scored by {@code dev.logsieve.scoring.LlmStage}. A template's id is made
 * from its masked text, so lines of templates the bundle knows cross the job as ids alone, and the
 * stage gets their text back from the bundle's vocabulary; only lines of templates training never
 * saw carry theirs. Training the member
 * (the DJL/PyTorch classifier, the ONNX writers, MiniLM, Llama import, augmentations) is the
 * training module's: {@code dev.logsieve.llm.train} and {@code dev.logsieve.llm.augment}.
 */
package dev.logsieve.llm;
