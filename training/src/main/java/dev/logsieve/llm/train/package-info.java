/**
 * Builds the LLM member's two models and writes them in the layout the job reads
 * ({@code dev.logsieve.inference.ModelContract}).
 *
 * <p>Part one, the encoder: the pretrained all-MiniLM-L6-v2 BERT from a Maven artifact.
 * <ul>
 *   <li>{@link dev.logsieve.llm.train.MiniLmEncoder} – the embedded model and tokenizer: where they
 *       are on the classpath and their provenance.
 *   <li>{@link dev.logsieve.llm.train.OnnxModels} – read and write ONNX files with the generated
 *       protobuf classes of {@code dev.logsieve.onnx} (no other ONNX library).
 *   <li>{@link dev.logsieve.llm.train.EncoderExport} – turns the BERT graph into
 *       {@code logllm_encoder} (mean pooling over the attention mask and L2 normalisation inside the
 *       graph) and writes it as a Triton model repository entry.
 * </ul>
 *
 * <p>Part two, the classifier: a projector and a small Llama-style decoder over message embeddings.
 * <ul>
 *   <li>{@link dev.logsieve.llm.train.ClassifierConfig} – its sizes, vocabulary and prompt (JSON);
 *       {@link dev.logsieve.llm.train.ClassifierWeights} – its named FP32 tensors (safetensors).
 *   <li>{@link dev.logsieve.llm.train.DjlClassifier} – the network as a differentiable DJL block
 *       (PyTorch engine): prompt embeddings + projected messages, RMSNorm, RoPE, causal and
 *       padding-masked attention, SwiGLU, answer scored {@code anomalous} against {@code normal}.
 *   <li>{@link dev.logsieve.llm.train.ClassifierTrainer} – trains it on
 *       {@link dev.logsieve.llm.train.TrainingExample}s (optionally rewritten by
 *       {@code dev.logsieve.llm.augment}); on a pretrained decoder through low-rank adapters
 *       ({@link dev.logsieve.llm.train.LoraSettings}, {@link dev.logsieve.llm.train.LoraAdapters}),
 *       the frozen base held in FP32, FP16 or BF16 ({@link dev.logsieve.llm.train.BaseWeights}).
 *   <li>{@link dev.logsieve.llm.train.ClassifierExport} – the same network as the ONNX graph
 *       {@code logllm_classifier} (opset 17), in FP32 or FP16;
 *       {@link dev.logsieve.llm.train.ClassifierRepository} writes it as a Triton model repository
 *       entry, large weights as ONNX external data ({@link dev.logsieve.llm.train.OnnxTensors}).
 *   <li>{@link dev.logsieve.llm.train.LlamaCheckpoint} – starts the decoder from a Hugging Face Llama
 *       checkpoint folder (config.json, safetensors F32/F16/BF16, tokenizer.json): reduced
 *       vocabulary, grouped-query attention expanded, fresh projector (docs/llama.md); reads
 *       through {@link dev.logsieve.llm.train.SafetensorsCheckpoint} and
 *       {@link dev.logsieve.llm.train.SafetensorsReader}.
 * </ul>
 */
package dev.logsieve.llm.train;
