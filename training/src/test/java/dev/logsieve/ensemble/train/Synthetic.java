package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.Member;
import java.util.Random;

/** Small generated data for tests that must run without the shared data sets. */
final class Synthetic {
    private Synthetic() {}

    /**
     * Normal sequences use templates 1..8; an anomalous one additionally holds template 100 or 101
     * (or repeats template 3 twenty times).
     */
    static LabeledData sequences(int n, double anomalousShare, long seed) {
        Random r = new Random(seed);
        long[][] ids = new long[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean anomalous = r.nextDouble() < anomalousShare;
            int length = 5 + r.nextInt(20);
            long[] s = new long[length];
            for (int j = 0; j < length; j++) {
                s[j] = 1 + r.nextInt(8);
            }
            if (anomalous) {
                int kind = r.nextInt(3);
                if (kind == 2) {
                    long[] longer = new long[length + 20];
                    System.arraycopy(s, 0, longer, 0, length);
                    for (int j = length; j < longer.length; j++) {
                        longer[j] = 3;
                    }
                    s = longer;
                } else {
                    s[r.nextInt(length)] = 100 + kind;
                }
            }
            ids[i] = s;
            labels[i] = anomalous ? 1 : 0;
        }
        return new LabeledData(ids, labels);
    }

    /** A member that always votes the same. */
    static final class Fixed implements Member {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final int vote;

        Fixed(String name, int vote) {
            this.name = name;
            this.vote = vote;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int vote(double[] features) {
            return vote;
        }
    }
}
