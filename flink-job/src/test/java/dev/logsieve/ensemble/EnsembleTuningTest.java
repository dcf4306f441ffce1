package dev.logsieve.ensemble;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Hyper-parameter exploration; run with -Dlogsieve.tune=true. Asserts nothing. */
@EnabledIfSystemProperty(named = "logsieve.tune", matches = "true")
class EnsembleTuningTest {

    @Test
    void explore() throws Exception {
        LabeledData bgl = LabeledData.bgl();
        LabeledData[] b = bgl.chronologicalSplit(0.8);
        LabeledData hdfs = LabeledData.hdfs(2000, 7L);
        LabeledData[] h = hdfs.randomSplit(0.8, 42L);
        for (LabeledData[] split : List.of(h, b)) {
            var vocab = dev.logsieve.features.Vocabulary.build(split[0].ids, null);
            var fx = new dev.logsieve.features.FeatureExtractor(vocab);
            int[][] c = new int[2][2];
            for (int r = 0; r < split[1].size(); r++) {
                c[split[1].labels[r]][fx.unseen(split[1].ids[r]) > 0 ? 1 : 0]++;
            }
            System.out.println("unseen>0 by label: normal " + java.util.Arrays.toString(c[0]) + " anomalous " + java.util.Arrays.toString(c[1])
                    + " vocab " + vocab.size() + " train " + split[0].size() + "/" + split[0].anomalous() + " test " + split[1].size() + "/" + split[1].anomalous());
        }
        String cfg = System.getProperty("logsieve.tune.configs", "base");
        for (String c : cfg.split(";")) {
            MemberSettings s = settings(c);
            for (String data : List.of("hdfs", "bgl")) {
                LabeledData[] split = data.equals("hdfs") ? h : b;
                long t = System.nanoTime();
                Ensemble e = new EnsembleTrainer(s, null).train(split[0].ids, split[0].labels, EnsembleTrainer.MEMBERS);
                System.out.println(e.members() + " train: " + LabeledData.report("", e, LabeledData.evaluate(e, split[0])));
                System.out.println(LabeledData.report(data + " [" + c + "] " + (System.nanoTime() - t) / 1_000_000 + " ms",
                        e, LabeledData.evaluate(e, split[1])));
            }
        }
    }

    /** "key=value,key=value" over MemberSettings' public fields. */
    static MemberSettings settings(String spec) throws Exception {
        MemberSettings s = new MemberSettings();
        if (spec.equals("base")) {
            return s;
        }
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=");
            var f = MemberSettings.class.getField(p[0]);
            if (f.getType() == int.class) {
                f.setInt(s, Integer.parseInt(p[1]));
            } else if (f.getType() == double.class) {
                f.setDouble(s, Double.parseDouble(p[1]));
            } else if (f.getType() == boolean.class) {
                f.setBoolean(s, Boolean.parseBoolean(p[1]));
            } else if (f.getType() == long.class) {
                f.setLong(s, Long.parseLong(p[1]));
            } else {
                f.set(s, p[1]);
            }
        }
        return s;
    }
}
