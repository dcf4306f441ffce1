package dev.logsieve.job;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.eval.ScoreVerdicts;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Verdict;
import dev.logsieve.features.Vocabulary;
import java.io.IOException;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole detector as one Flink job: lines from a {@link LineInput}, verdicts and dead letters to
 * the sinks given. Backfill, the demo and streaming differ only in what they pass in and in the
 * environment's runtime mode.
 */
public final class DetectionJob {
    private final LineInput input;
    private final Sink<Verdict> verdicts;
    private final Sink<DeadLetter> deadLetters;
    private final DataStreamFactory<LabelCorrection> corrections;
    private int sinkParallelism = -1;

    /** Creates the corrections stream in the job's environment. */
    @FunctionalInterface
    public interface DataStreamFactory<T> extends java.io.Serializable {
        DataStream<T> create(StreamExecutionEnvironment env);
    }

    public DetectionJob(LineInput input, Sink<Verdict> verdicts, Sink<DeadLetter> deadLetters) {
        this(input, verdicts, deadLetters, null);
    }

    public DetectionJob(LineInput input, Sink<Verdict> verdicts, Sink<DeadLetter> deadLetters,
                        DataStreamFactory<LabelCorrection> corrections) {
        this.input = input;
        this.verdicts = verdicts;
        this.deadLetters = deadLetters;
        this.corrections = corrections;
    }

    /**
     * The bundle's training templates when the bundle reads messages only for templates outside them
     * (its word features), so that the other lines need not carry their messages; else null.
     */
    private static Vocabulary knownTemplates(ReadableConfig conf, String bundlePath) {
        if (bundlePath == null || !conf.get(LogsieveOptions.KEEP_MESSAGES)) {
            return null;
        }
        try {
            Ensemble ensemble = ModelBundle.read(Paths.get(bundlePath)).ensemble().select(conf.get(LogsieveOptions.MEMBERS));
            return ensemble.readsMessagesOfUnseenOnly() ? ensemble.featureExtractor().vocabulary() : null;
        } catch (IOException e) {
            return null; // keep every message; the detect operator reports the bundle problem when it opens
        }
    }

    /** Runs the sinks with this parallelism (1 gives one output file each in backfill). */
    public DetectionJob withSinkParallelism(int parallelism) {
        this.sinkParallelism = parallelism;
        return this;
    }

    /**
     * Adds the job to {@code env}; the caller executes it.
     *
     * @param trainingSequenceIds ids of the training sequences, for the de-duplicated scores
     * @param bounded true for backfill: sessions may span the whole input and the cache has no TTL
     */
    public void build(StreamExecutionEnvironment env, ReadableConfig conf, String bundlePath,
                      long[] trainingSequenceIds, boolean bounded) {
        Sequencer.Result seq = Sequencer.build(input.createEach(env), conf, knownTemplates(conf, bundlePath));
        DataStream<LabelCorrection> fixes = corrections == null ? null : corrections.create(env);
        Detector.build(seq.sequences, fixes, conf, bundlePath, bounded)
                .map(new ScoreVerdicts(trainingSequenceIds)).name("score")
                .sinkTo(verdicts).name("verdicts").uid("verdicts").setParallelism(sinkParallelism > 0 ? sinkParallelism : env.getParallelism());
        seq.deadLetters.sinkTo(deadLetters).name("dead-letters").uid("dead-letters")
                .setParallelism(sinkParallelism > 0 ? sinkParallelism : env.getParallelism());
    }
}
