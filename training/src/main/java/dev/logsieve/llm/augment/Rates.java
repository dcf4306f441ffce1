package dev.logsieve.llm.augment;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What the augmentations share: checking a rate, and replacing each distinct template consistently. */
final class Rates {

    private Rates() {}

    /** {@code rate} if it is in [0, 1]; otherwise an exception naming {@code what}. */
    static double check(double rate, String what) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " rate must be in [0, 1], got " + rate);
        }
        return rate;
    }

    /**
     * A copy of {@code messages} where every distinct array (by identity) is replaced by what
     * {@code replacement} returns for it, asked once per distinct array, in order of first
     * occurrence.
     */
    static float[][] replaceTemplates(float[][] messages, UnaryOperator<float[]> replacement) {
        Map<float[], float[]> chosen = new IdentityHashMap<>();
        float[][] out = new float[messages.length][];
        for (int j = 0; j < messages.length; j++) {
            out[j] = chosen.computeIfAbsent(messages[j], replacement);
        }
        return out;
    }
}
