package dev.logsieve.job;

import dev.logsieve.cache.DetectFunction;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import java.time.Duration;
import java.util.Collections;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The second half of the detector: sequences (and label corrections) in, verdicts out. */
public final class Detector {
    private Detector() {}

    /**
     * @param corrections label corrections for the verdict cache, or null for none
     * @param bounded a bounded run keeps cache entries for the whole run (no TTL)
     */
    public static DataStream<Verdict> build(DataStream<LogSequence> sequences, DataStream<LabelCorrection> corrections,
                                            ReadableConfig conf, String bundlePath, boolean bounded) {
        if (corrections == null) {
            corrections = sequences.getExecutionEnvironment()
                    .fromData(Collections.emptyList(), TypeInformation.of(LabelCorrection.class))
                    .name("no-corrections");
        }
        Duration ttl = bounded ? null : conf.get(LogsieveOptions.CACHE_TTL);
        return sequences.keyBy(s -> SequenceIds.of(s.templateIds))
                .connect(corrections.keyBy(c -> c.sequenceId))
                .process(new DetectFunction(bundlePath, conf.get(LogsieveOptions.CACHE_ENABLED), ttl))
                .name("detect");
    }
}
