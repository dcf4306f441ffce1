package dev.logsieve.job;

import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.KeyedLine;
import dev.logsieve.event.LogRecord;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.format.LineFormat;
import dev.logsieve.format.MalformedLineException;
import dev.logsieve.io.LineOptions;
import dev.logsieve.io.RawLine;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.metrics.JobCounter;
import dev.logsieve.window.LiveSessions;
import java.util.Base64;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Masks a line's message and routes it: one {@link KeyedLine} per session key (or one keyed by its
 * source for windowed formats). The line is parsed here unless its input parsed it already (the
 * Kafka input does, for event time), so every line is parsed exactly once. A line that cannot be
 * used goes to {@link #DEAD_LETTERS} with the reason: unparsable, too long, without a session key
 * or naming more than {@link LineOptions#MAX_SESSION_KEYS}, late, or (when so set) not valid UTF-8.
 * No line is dropped and the job never fails on input.
 */
public class ParseAndMask extends ProcessFunction<RawLine, KeyedLine> implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final LineFormat format;
    private final boolean bySessionKey;
    private final LineOptions.Limits limits;
    private final boolean keepMessages;
    /** Templates whose messages are dropped even when messages are kept; null for none. */
    private final Vocabulary known;
    /** A line this far behind the input's event time is late; {@link Long#MAX_VALUE} for no check here. */
    private final long lateBehind;
    private final String lateReason;

    private transient Counts counts;
    private transient JobCounter.Count linesRead;
    private transient JobCounter.Count bytesRead;
    private transient JobCounter.Count deadLetters;
    private transient JobCounter.Count linesParsed;
    private transient JobCounter.Count late;
    private transient JobCounter.Count invalidUtf8;

    /**
     * @param keepMessages carry the masked message along (members that read text need it)
     * @param known        when not null, carry the message only for lines whose template is not in it
     *                     (the word features read only those; see {@link Ensemble#readsMessagesOfUnseenOnly()})
     */
    public ParseAndMask(LineFormat format, boolean bySessionKey, LineOptions.Limits limits, boolean keepMessages,
                        Vocabulary known) {
        this(format, bySessionKey, limits, keepMessages, known, Long.MAX_VALUE, null);
    }

    /**
     * The same, for an input that assigns event time before this stage (Kafka): a line more than
     * {@code lateBehind} milliseconds behind the input's event time goes to the dead letters here,
     * with its original bytes, as late for {@code lateReason}.
     */
    public ParseAndMask(LineFormat format, boolean bySessionKey, LineOptions.Limits limits, boolean keepMessages,
                        Vocabulary known, long lateBehind, String lateReason) {
        this.format = format;
        this.bySessionKey = bySessionKey;
        this.limits = limits;
        this.keepMessages = keepMessages;
        this.known = known;
        this.lateBehind = lateBehind;
        this.lateReason = lateReason;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new Counts(getRuntimeContext());
        linesRead = counts.open(JobCounter.LINES_READ);
        bytesRead = counts.open(JobCounter.BYTES_READ);
        linesParsed = counts.open(JobCounter.LINES_PARSED);
        deadLetters = counts.open(JobCounter.DEAD_LETTERS);
        late = counts.open(JobCounter.LATE_LINES);
        invalidUtf8 = counts.open(JobCounter.INVALID_UTF8);
    }

    @Override
    public Counts counts() {
        return counts;
    }

    /**
     * Parses {@code raw} with {@code format}, once: sets {@link RawLine#parsed}, or
     * {@link RawLine#rejection} with the reason it cannot be used. Never throws on content.
     */
    public static void parse(LineFormat format, RawLine raw, int maxLineBytes) {
        if (raw.parsed != null || raw.rejection != null) {
            return;
        }
        if (raw.truncated) {
            raw.rejection = "line of " + raw.bytes + " bytes is longer than the limit of " + maxLineBytes
                    + " bytes (" + LineOptions.MAX_LINE.key() + ")";
            return;
        }
        try {
            raw.parsed = format.parse(raw.text);
        } catch (MalformedLineException e) {
            raw.rejection = e.getMessage();
        } catch (RuntimeException e) {
            // A parser bug must not stop the stream: keep the line and say what happened.
            raw.rejection = "parser error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<KeyedLine> out) {
        linesRead.add(1);
        bytesRead.add(raw.bytes + 1L);
        if (raw.invalidUtf8) {
            invalidUtf8.add(1);
            if (limits.invalidUtf8ToDeadLetters()) {
                reject(raw, "not valid UTF-8 (" + LineOptions.INVALID_UTF8.key() + ": dead_letter)", ctx);
                return;
            }
        }
        parse(format, raw, limits.maxLineBytes());
        if (raw.rejection != null) {
            reject(raw, raw.rejection, ctx);
            return;
        }
        LogRecord record = raw.parsed;
        if (record.timestamp == 0 && ctx.timestamp() != null) {
            record.timestamp = ctx.timestamp(); // no time in the line: the transport's (Kafka record) time
        }
        if (lateBehind != Long.MAX_VALUE && LiveSessions.isLate(record.timestamp, ctx.timerService().currentWatermark(), lateBehind)) {
            late.add(1);
            reject(raw, "late: " + lateReason, ctx);
            return;
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
            if (keys.length > limits.maxSessionKeys()) {
                // One line must not open thousands of sequences (and raise as many alerts).
                reject(raw, "the line names " + keys.length + " session keys, more than the limit of "
                        + limits.maxSessionKeys() + " (" + LineOptions.MAX_SESSION_KEYS.key() + ")", ctx);
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
        DeadLetter dead = new DeadLetter(raw.source, raw.lineNumber, reason, raw.text, raw.bytes);
        dead.original = raw.original;
        if (raw.invalidUtf8) {
            dead.originalBase64 = Base64.getEncoder().encodeToString(raw.original);
        }
        ctx.output(DEAD_LETTERS, dead);
    }
}
