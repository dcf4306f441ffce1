/**
 * The LLM member's encoder (DESIGN section 6, issue 3 part one): masked messages become 384-dim
 * sentence embeddings, computed by the pretrained all-MiniLM-L6-v2 BERT encoder that ships in a
 * Maven artifact, either in-process with ONNX Runtime or by Triton from the same ONNX file.
 *
 * <ul>
 *   <li>{@link dev.logsieve.llm.MiniLmEncoder} – the embedded model and tokenizer: where they are
 *       on the classpath, their provenance, and the constants of the contract.
 *   <li>{@link dev.logsieve.llm.OnnxModels} – read and write ONNX files with the generated
 *       protobuf classes of {@code dev.logsieve.onnx} (no other ONNX library).
 *   <li>{@link dev.logsieve.llm.EncoderExport} – turns the BERT graph into {@code logllm_encoder}
 *       (mean pooling over the attention mask and L2 normalisation inside the graph, output
 *       {@code embedding}) and writes it as a Triton model repository entry.
 *   <li>{@link dev.logsieve.llm.MessageTokenizer} – WordPiece with the artifact's tokenizer.json
 *       (DJL's Hugging Face tokenizers, offline), at most {@value
 *       dev.logsieve.llm.MiniLmEncoder#MAX_TOKENS} tokens per message, padded to the longest of a
 *       batch.
 *   <li>{@link dev.logsieve.llm.OnnxEncoder} – the in-process backend: runs {@code logllm_encoder}
 *       with ONNX Runtime, batched.
 *   <li>{@link dev.logsieve.llm.EmbeddingCache} – one embedding per distinct template id, bounded
 *       (least recently used evicted), with hit and miss counts.
 * </ul>
 *
 * <p>The decoder ({@code logllm_classifier}), its training and the Triton client are later parts
 * of the same issue.
 */
package dev.logsieve.llm;
