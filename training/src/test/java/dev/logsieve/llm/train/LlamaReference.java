package dev.logsieve.llm.train;

/**
 * A naive Hugging Face Llama forward pass in plain Java loops (double precision) over the
 * original HF tensors ({@code [out, in]}, grouped-query attention, rotate-half RoPE at positions
 * 0..T-1, causal softmax attention, SwiGLU), from input vectors to the last position's logits over
 * the full vocabulary: the reference the imported classifier is compared with.
 */
final class LlamaReference {

    private final TinyLlama m;
    private final TinyLlama.Spec s;
    private final double eps;

    LlamaReference(TinyLlama model, double rmsEps) {
        this.m = model;
        this.s = model.spec;
        this.eps = rmsEps;
    }

    /** The embedding row of a token id. */
    double[] embedding(int id) {
        double[] e = new double[s.hidden()];
        float[] table = m.tensors.get("model.embed_tokens.weight").data();
        for (int i = 0; i < e.length; i++) {
            e[i] = table[id * s.hidden() + i];
        }
        return e;
    }

    /** Logits [V] at the last position of a sequence of input vectors [T][W]. */
    double[] logits(double[][] input) {
        int t = input.length;
        int w = s.hidden();
        int hd = s.headDim();
        int kvw = s.kvHeads() * hd;
        int group = s.heads() / s.kvHeads();
        double[][] x = new double[t][];
        for (int i = 0; i < t; i++) {
            x[i] = input[i].clone();
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] h = rms(x, p + "input_layernorm.weight");
            double[][] q = linear(h, p + "self_attn.q_proj.weight", w, w);
            double[][] k = linear(h, p + "self_attn.k_proj.weight", kvw, w);
            double[][] v = linear(h, p + "self_attn.v_proj.weight", kvw, w);
            for (int i = 0; i < t; i++) {
                rope(q[i], s.heads(), i);
                rope(k[i], s.kvHeads(), i);
            }
            double[][] ctx = new double[t][w];
            for (int head = 0; head < s.heads(); head++) {
                int kvHead = head / group;
                for (int i = 0; i < t; i++) {
                    double[] score = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double d = 0;
                        for (int c = 0; c < hd; c++) {
                            d += q[i][head * hd + c] * k[j][kvHead * hd + c];
                        }
                        score[j] = d / Math.sqrt(hd);
                        max = Math.max(max, score[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        score[j] = Math.exp(score[j] - max);
                        sum += score[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int c = 0; c < hd; c++) {
                            ctx[i][head * hd + c] += score[j] / sum * v[j][kvHead * hd + c];
                        }
                    }
                }
            }
            add(x, linear(ctx, p + "self_attn.o_proj.weight", w, w));
            h = rms(x, p + "post_attention_layernorm.weight");
            double[][] gate = linear(h, p + "mlp.gate_proj.weight", s.ffn(), w);
            double[][] up = linear(h, p + "mlp.up_proj.weight", s.ffn(), w);
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < s.ffn(); c++) {
                    double g = gate[i][c];
                    gate[i][c] = g / (1 + Math.exp(-g)) * up[i][c];
                }
            }
            add(x, linear(gate, p + "mlp.down_proj.weight", w, s.ffn()));
        }
        double[][] last = rms(new double[][] {x[t - 1]}, "model.norm.weight");
        float[] head = m.lmHead().data();
        int vocab = (int) m.lmHead().shape()[0];
        double[] logits = new double[vocab];
        for (int o = 0; o < vocab; o++) {
            for (int c = 0; c < w; c++) {
                logits[o] += last[0][c] * head[o * w + c];
            }
        }
        return logits;
    }

    /** Rotate-half RoPE of every head of one position's vector, in place. */
    private void rope(double[] y, int heads, int position) {
        int hd = s.headDim();
        int half = hd / 2;
        for (int head = 0; head < heads; head++) {
            int o = head * hd;
            for (int j = 0; j < half; j++) {
                double angle = position * Math.pow(s.ropeTheta(), -2.0 * j / hd);
                double a = y[o + j];
                double b = y[o + j + half];
                y[o + j] = a * Math.cos(angle) - b * Math.sin(angle);
                y[o + j + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
    }

    private double[][] rms(double[][] x, String gain) {
        float[] g = m.tensors.get(gain).data();
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double value : x[i]) {
                ms += value * value;
            }
            double inv = 1 / Math.sqrt(ms / x[i].length + eps);
            for (int c = 0; c < x[i].length; c++) {
                out[i][c] = x[i][c] * inv * g[c];
            }
        }
        return out;
    }

    /** y = x · Wᵀ with W [out, in] row-major (nn.Linear). */
    private double[][] linear(double[][] x, String name, int out, int in) {
        float[] wt = m.tensors.get(name).data();
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double d = 0;
                for (int c = 0; c < in; c++) {
                    d += x[i][c] * wt[o * in + c];
                }
                y[i][o] = d;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < x[i].length; c++) {
                x[i][c] += y[i][c];
            }
        }
    }
}
