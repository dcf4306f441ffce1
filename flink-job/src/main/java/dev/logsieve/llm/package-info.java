/**
 * The LLM member (DESIGN section 6, issue 3). Part one, the encoder: masked messages become 384-dim
 * sentence embeddings, computed by the pretrained all-MiniLM-L6-v2 BERT encoder that ships in a
 * Maven artifact, either in-process with ONNX Runtime or by Triton from the same ONNX file. Part
 * two, the classifier: a projector and a small Llama-style decoder score a sequence of message
 * embeddings as anomalous or normal, defined once in DJL (PyTorch engine, for training) and
 * exported to the same ONNX/Triton layout.
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
 *   <li>{@link dev.logsieve.llm.ClassifierConfig} – the classifier's sizes, vocabulary and prompt
 *       (JSON).
 *   <li>{@link dev.logsieve.llm.ClassifierWeights} – its named FP32 tensors, in safetensors files.
 *   <li>{@link dev.logsieve.llm.DjlClassifier} – the network as a differentiable DJL block:
 *       prompt embeddings + projected messages, RMSNorm, RoPE, causal and padding-masked
 *       attention, SwiGLU, answer scored {@code anomalous} against {@code normal}.
 *   <li>{@link dev.logsieve.llm.ClassifierExport} – the same network as the ONNX graph
 *       {@code logllm_classifier} (opset 17) and its Triton model repository entry.
 *   <li>{@link dev.logsieve.llm.OnnxClassifier} – runs {@code logllm_classifier} with ONNX
 *       Runtime in-process.
 *   <li>{@link dev.logsieve.llm.LlamaCheckpoint} – starts the decoder from a Hugging Face Llama
 *       checkpoint folder (config.json, safetensors F32/F16/BF16, tokenizer.json): reduced
 *       vocabulary, grouped-query attention expanded, fresh projector (docs/llama.md); reads
 *       through {@link dev.logsieve.llm.SafetensorsCheckpoint} and
 *       {@link dev.logsieve.llm.SafetensorsReader}.
 * </ul>
 *
 *
 * <p>The member itself: {@link dev.logsieve.llm.LlmMember} votes from a score,
 * {@link dev.logsieve.llm.LlmScorer} computes scores over an {@link dev.logsieve.llm.LlmBackend}
 * (in-process: {@link dev.logsieve.llm.InProcessBackend}; Triton: {@code dev.logsieve.inference}),
 * {@link dev.logsieve.llm.ClassifierTrainer} trains it (on sequences rewritten by the augmentations
 * of {@code dev.logsieve.llm.augment}), and {@link dev.logsieve.llm.LlmFiles} says
 * where its files sit in a bundle. In the job it is scored by {@code dev.logsieve.scoring.LlmStage}.
 */
package dev.logsieve.llm;
