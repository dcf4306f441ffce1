/**
 * Running the LLM member's two models, {@code logllm_encoder} and {@code logllm_classifier}
 * (DESIGN section 6), wherever they run: both backends implement
 * {@link dev.logsieve.inference.LlmBackend} and send the same tensors, so a verdict does not depend
 * on where the models ran.
 *
 * <ul>
 *   <li>{@link dev.logsieve.inference.ModelContract}: the one place that names the models and their
 *       tensors, and checks a server's models against them. Training's ONNX writers and both
 *       backends use it.</li>
 *   <li>{@link dev.logsieve.inference.MessageTokenizer}: WordPiece with a bundle's tokenizer.json
 *       (DJL's Hugging Face tokenizers, offline), clients tokenize.</li>
 *   <li>In this process: {@link dev.logsieve.inference.InProcessBackend} over ONNX Runtime, with
 *       {@link dev.logsieve.inference.OnnxEncoder} (batched, a
 *       {@link dev.logsieve.inference.MessageEmbedder}) and
 *       {@link dev.logsieve.inference.OnnxClassifier}.</li>
 *   <li>On a Triton Inference Server, over the KServe v2 / Triton gRPC protocol
 *       ({@code proto/src/main/proto/grpc_service.proto}): {@link dev.logsieve.inference.TritonBackend}
 *       tokenizes on the client, sends INT64/FP32 tensors as little-endian
 *       {@code raw_input_contents} and checks the server's models against the contract when it
 *       opens; configured by {@link dev.logsieve.inference.TritonSettings}.
 *       {@link dev.logsieve.inference.ModelConfigs} and {@link dev.logsieve.inference.TensorCodec}
 *       read {@code config.pbtxt} files and lay out tensors on the wire.</li>
 * </ul>
 *
 * <p>A loopback server of the same protocol (for tests and development without a GPU) is test
 * support in the system-tests module ({@code dev.logsieve.inference.InferenceServer} there).
 */
package dev.logsieve.inference;
