/**
 * The LLM member's models on a Triton Inference Server, over the KServe v2 / Triton gRPC protocol
 * (DESIGN section 6, {@code proto/src/main/proto/grpc_service.proto}).
 *
 * <ul>
 *   <li>{@link dev.logsieve.inference.TritonBackend}: the {@link dev.logsieve.llm.LlmBackend} that
 *       tokenizes on the client, sends INT64/FP32 tensors as little-endian {@code raw_input_contents}
 *       and checks the server's models against the contract when it opens; configured by
 *       {@link dev.logsieve.inference.TritonSettings}.</li>
 *   <li>{@link dev.logsieve.inference.InferenceServer}: the same protocol served from a model
 *       repository's ONNX files with ONNX Runtime, on this machine: a stand-in for Triton in tests
 *       and for development without a GPU.</li>
 *   <li>{@link dev.logsieve.inference.ModelContract}, {@link dev.logsieve.inference.ModelConfigs},
 *       {@link dev.logsieve.inference.TensorCodec}: the expected tensors, {@code config.pbtxt}
 *       parsing, and the byte layout of tensors on the wire.</li>
 * </ul>
 */
package dev.logsieve.inference;
