package dev.logsieve.job;

import dev.logsieve.cache.DetectFunction;
import dev.logsieve.cache.DetectWithCorrections;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.Verdict;
import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.scoring.LlmStage;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * The second half of the detector: sequences (and label corrections) in, verdicts out. When the
 * LLM member votes, an Async I/O stage ({@link LlmStage}) scores the sequences first.
 */
public final class Detector {
    private Detector() {}

    /**
     * True when the bundle's manifest lists the member and it is among those selected (an empty
     * selection is all). A bundle that cannot be read here is left to the detect operator to report.
     */
    static boolean votes(String bundlePath, List<String> selected, String member) {
        try {
            Manifest m = ModelBundle.readManifest(Paths.get(bundlePath));
            return m.members.contains(member) && (selected.isEmpty() || selected.contains(member));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param corrections label corrections for the verdict cache, or null for none
     * @param bounded a bounded run keeps cache entries for the whole run (no TTL)
     */
    public static DataStream<Verdict> build(DataStream<LogSequence> sequences, DataStream<LabelCorrection> corrections,
                                            ReadableConfig conf, String bundlePath, boolean bounded) {
        Duration ttl = bounded ? null : conf.get(LogsieveOptions.CACHE_TTL);
        boolean cache = conf.get(LogsieveOptions.CACHE_ENABLED);
        List<String> members = conf.get(LogsieveOptions.MEMBERS);
        if (votes(bundlePath, members, LlmMember.NAME)) {
            sequences = AsyncDataStream.unorderedWait(sequences, new LlmStage(bundlePath, conf),
                            conf.get(LogsieveOptions.LLM_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS,
                            conf.get(LogsieveOptions.LLM_CAPACITY))
                    .name("llm").uid("llm");
        }
        KeyedStream<LogSequence, Long> keyed = sequences.keyBy(s -> SequenceIds.of(s.templateIds));
        if (corrections == null) {
            return keyed.process(new DetectFunction(bundlePath, members, cache, ttl)).name("detect").uid("detect");
        }
        return keyed.connect(corrections.keyBy(c -> c.sequenceId))
                .process(new DetectWithCorrections(bundlePath, members, cache, ttl))
                .name("detect").uid("detect");
    }
}
