package dev.logsieve.testing;

import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TemplateStats;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.event.LogSequence;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.generate.GeneratorOptions;
import dev.logsieve.generate.HdfsLogGenerator;
import dev.logsieve.job.SequenceCollector;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** Real model bundles for tests: generated HDFS logs, sequenced by the job's code, trained for real. */
public final class TestBundles {
    private TestBundles() {}

    /** Generates a labeled HDFS log of {@code blocks} blocks and trains a dt/knn/mlp bundle on it in {@code dir}. */
    public static Path hdfs(Path dir, int blocks, long seed) throws Exception {
        Path log = dir.resolve("train.log");
        Path labels = dir.resolve("train-labels.csv");
        new HdfsLogGenerator(GeneratorOptions.defaults().withSeed(seed).withBlocks(blocks).withAnomalyFraction(0.1))
                .write(log, labels);
        Configuration conf = new Configuration();
        conf.set(FormatSettings.FORMAT, "hdfs");
        conf.set(EvalOptions.LABELS, labels.toString());
        List<LogSequence> seqs = SequenceCollector.collect(List.of(log), conf, 2, null).sequences;
        Ensemble ensemble = new EnsembleTrainer().train(seqs, EnsembleTrainer.MEMBERS);
        Path bundle = dir.resolve("bundle");
        Manifest m = new Manifest();
        m.format = "hdfs";
        ModelBundle.write(bundle, ensemble, m);
        TrainingSequences.write(bundle, seqs.stream().mapToLong(s -> SequenceIds.of(s.templateIds)).toArray());
        TemplateStats.of(seqs).write(bundle);
        return bundle;
    }
}
