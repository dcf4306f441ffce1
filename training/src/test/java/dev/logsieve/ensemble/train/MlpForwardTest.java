package dev.logsieve.ensemble.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.MlpMember;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MLP member votes in plain Java (MlpForward, no OpenBLAS) exactly as Smile's own
 * {@code MLP.predict} (OpenBLAS) does, for every hidden activation, on the training rows and on
 * fresh ones, before and after the member goes through Java serialization as in a bundle.
 */
class MlpForwardTest {

    @ParameterizedTest
    @ValueSource(strings = {"relu", "sigmoid", "tanh", "leaky"})
    void votesAsSmilePredicts(String activation) throws Exception {
        Random r = new Random(11);
        int p = 12;
        double[][] x = rows(r, 600, p);
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = x[i][0] * 2 - x[i][3] + x[i][5] * x[i][7] - 0.4;
            y[i] = (s > 0) ^ (r.nextDouble() < 0.05) ? Member.ANOMALOUS : Member.NORMAL;
        }
        MemberSettings settings = MemberSettings.defaults();
        settings.mlpActivation = activation;
        settings.mlpHiddenUnits = 16;
        settings.mlpEpochs = 10;
        MlpMember member = MlpTrainer.train(x, y, settings);
        assertThat(member.model()).isNotNull();

        double[][] fresh = rows(new Random(12), 2000, p);
        MlpMember copy = roundTrip(member);
        int anomalous = 0;
        for (double[][] set : new double[][][] {x, fresh}) {
            for (double[] row : set) {
                int smile = member.model().predict(row) == 1 ? Member.ANOMALOUS : Member.NORMAL;
                assertThat(member.vote(row)).isEqualTo(smile);
                assertThat(copy.vote(row)).isEqualTo(smile);
                anomalous += smile;
            }
        }
        assertThat(anomalous).as("both classes are voted").isBetween(1, x.length + fresh.length - 1);
    }

    private static double[][] rows(Random r, int n, int p) {
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextDouble() * 2 - 0.5;
            }
        }
        return x;
    }

    private static MlpMember roundTrip(MlpMember member) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(member);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (MlpMember) in.readObject();
        }
    }
}
