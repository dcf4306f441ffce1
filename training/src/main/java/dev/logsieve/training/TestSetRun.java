package dev.logsieve.training;

import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.eval.Evaluation;
import dev.logsieve.eval.Report;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import dev.logsieve.io.RecordFileSink;
import dev.logsieve.job.BackfillJob;
import dev.logsieve.job.LocalEnvironment;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Judges already-built test sequences with the job's detection half (BATCH mode) and scores them. */
public final class TestSetRun {
    private TestSetRun() {}

    /** @param verdictsDir where to write verdicts.jsonl, or null to keep none */
    public static Report run(List<LogSequence> test, Path bundle, Configuration conf, int parallelism,
                             Path verdictsDir) throws Exception {
        Evaluation evaluation = new Evaluation(null, TrainingSequences.read(bundle));
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, parallelism);
        DataStream<LogSequence> seqs = env.fromData(test, TypeInformation.of(LogSequence.class)).name("test sequences");
        DataStream<Verdict> verdicts = evaluation.attach(Pipeline.judge(seqs, null, conf, Models.open(bundle, conf), true), null);
        if (verdictsDir != null) {
            verdicts.sinkTo(RecordFileSink.jsonLines(verdictsDir, "verdicts")).setParallelism(1);
        } else {
            verdicts.sinkTo(new DiscardingSink<>());
        }
        long start = System.nanoTime();
        JobExecutionResult result = env.execute("logsieve evaluate");
        return BackfillJob.report(result, (System.nanoTime() - start) / 1e9);
    }
}
