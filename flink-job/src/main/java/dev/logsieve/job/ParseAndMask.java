package dev.logsieve.job;

import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogRecord;
import dev.logsieve.format.LineFormat;
import dev.logsieve.format.MalformedLineException;
import dev.logsieve.io.RawLine;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses a raw line, masks its message and routes it: one {@link KeyedLine} per session key (or
 * one keyed by its source for windowed formats). A line that cannot be used goes to
 * {@link #DEAD_LETTERS} with the reason; no line is dropped and the job never fails on input.
 */
public class ParseAndMask extends ProcessFunction<RawLine, KeyedLine> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Accumulators (bounded runs) and metrics (streaming). */
    public static final String LINES_READ = "lines-read";
    public static final String LINES_PARSED = "lines-parsed";
    public static final String DEAD_LETTER_COUNT = "dead-letters";

    private final LineFormat format;
    private final boolean bySessionKey;
    private final int maxLineBytes;
    private final boolean keepMessages;
    /** Templates whose messages are dropped even when messages are kept; null for none. */
    private final Vocabulary known;

    private transient LongCounter linesRead;
    private transient LongCounter linesParsed;
    private transient LongCounter deadLetters;
    private transient Counter linesReadMetric;
    private transient Counter deadLettersMetric;

    /** @param keepMessages carry the masked message along (members that read text need it) */
    public ParseAndMask(LineFormat format, boolean bySessionKey, int maxLineBytes, boolean keepMessages) {
        this(format, bySessionKey, maxLineBytes, keepMessages, null);
    }

    /**
     * @param keepMessages carry the masked message along (members that read text need it)
     * @param known        when not null, carry the message only for lines whose template is not in it
     *                     (the word features read only those; see {@link Ensemble#readsMessagesOfUnseenOnly()})
     */
    public ParseAndMask(LineFormat format, boolean bySessionKey, int maxLineBytes, boolean keepMessages, Vocabulary known) {
        this.format = format;
        this.bySessionKey = bySessionKey;
        this.maxLineBytes = maxLineBytes;
        this.keepMessages = keepMessages;
        this.known = known;
    }

    @Override
    public void open(OpenContext openContext) {
        linesRead = getRuntimeContext().getLongCounter(LINES_READ);
        linesParsed = getRuntimeContext().getLongCounter(LINES_PARSED);
        deadLetters = getRuntimeContext().getLongCounter(DEAD_LETTER_COUNT);
        linesReadMetric = getRuntimeContext().getMetricGroup().counter("linesIn");
        deadLettersMetric = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<KeyedLine> out) {
        linesRead.add(1);
        linesReadMetric.inc();
        if (raw.truncated) {
            reject(raw, "line of " + raw.bytes + " bytes is longer than the limit of " + maxLineBytes
                    + " bytes (logsieve.input.max-line-bytes)", ctx);
            return;
        }
        LogRecord record;
        try {
            record = format.parse(raw.text);
        } catch (MalformedLineException e) {
            reject(raw, e.getMessage(), ctx);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not stop the stream: keep the line and say what happened.
            reject(raw, "parser error " + e.getClass().getSimpleName() + ": " + e.getMessage(), ctx);
            return;
        }
        if (record.timestamp == 0 && ctx.timestamp() != null) {
            record.timestamp = ctx.timestamp(); // no time in the line: the transport's (Kafka record) time
        }
        String template = LogMasker.mask(record.content == null ? "" : record.content);
        long templateId = TemplateIds.of(template);
        if (!keepMessages || (known != null && known.index(templateId) >= 0)) {
            template = null;
        }
        if (bySessionKey) {
            String[] keys = record.sessionKeys;
            if (keys == null || keys.length == 0) {
                reject(raw, "no session key in the line", ctx);
                return;
            }
            for (String key : keys) {
                out.collect(new KeyedLine(key, record.timestamp, raw.lineNumber, templateId, template, record.label));
            }
        } else {
            out.collect(new KeyedLine(raw.source, record.timestamp, raw.lineNumber, templateId, template, record.label));
        }
        linesParsed.add(1);
    }

    private void reject(RawLine raw, String reason, Context ctx) {
        deadLetters.add(1);
        deadLettersMetric.inc();
        DeadLetter dead = new DeadLetter(raw.source, raw.lineNumber, reason, raw.text, raw.bytes);
        dead.original = raw.original;
        ctx.output(DEAD_LETTERS, dead);
    }
}
