package dev.logsieve.job;

import dev.logsieve.cache.DetectFunction;
import dev.logsieve.cache.DetectWithCorrections;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/** The second half of the detector: sequences (and label corrections) in, verdicts out. */
public final class Detector {
    private Detector() {}

    /**
     * @param corrections label corrections for the verdict cache, or null for none
     * @param bounded a bounded run keeps cache entries for the whole run (no TTL)
     */
    public static DataStream<Verdict> build(DataStream<LogSequence> sequences, DataStream<LabelCorrection> corrections,
                                            ReadableConfig conf, String bundlePath, boolean bounded) {
        Duration ttl = bounded ? null : conf.get(LogsieveOptions.CACHE_TTL);
        boolean cache = conf.get(LogsieveOptions.CACHE_ENABLED);
        KeyedStream<LogSequence, Long> keyed = sequences.keyBy(s -> SequenceIds.of(s.templateIds));
        if (corrections == null) {
            return keyed.process(new DetectFunction(bundlePath, cache, ttl)).name("detect").uid("detect");
        }
        return keyed.connect(corrections.keyBy(c -> c.sequenceId))
                .process(new DetectWithCorrections(bundlePath, cache, ttl))
                .name("detect").uid("detect");
    }
}
