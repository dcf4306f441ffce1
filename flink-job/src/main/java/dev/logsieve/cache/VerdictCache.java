package dev.logsieve.cache;

import dev.logsieve.event.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The four cache operations over Flink keyed state. The caller's current key is the sequence id;
 * this class only reads and writes that key's entry. With a TTL, an entry not read or written for
 * that long disappears (cleaned up in RocksDB compactions and full snapshots).
 */
public final class VerdictCache {
    private final ValueState<CachedVerdict> state;

    private VerdictCache(ValueState<CachedVerdict> state) {
        this.state = state;
    }

    /** Opens the cache's state in an operator's {@code open()}; {@code ttl} null means no expiry. */
    public static VerdictCache open(RuntimeContext context, Duration ttl) {
        ValueStateDescriptor<CachedVerdict> desc = new ValueStateDescriptor<>("verdict-cache", CachedVerdict.class);
        if (ttl != null) {
            desc.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                    .updateTtlOnReadAndWrite()
                    .neverReturnExpired()
                    .cleanupFullSnapshot()
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        return new VerdictCache(context.getState(desc));
    }

    /** The cached verdict for exactly this sequence, or null (a different sequence with the same id is a miss). */
    public CachedVerdict query(long[] templateIds) throws IOException {
        CachedVerdict v = state.value();
        if (v == null || v.label == Labels.UNKNOWN) {
            return null;
        }
        if (v.templateIds == null) {
            v.templateIds = templateIds; // a correction that arrived first: bind it to the sequence
            state.update(v);
            return v;
        }
        return Arrays.equals(v.templateIds, templateIds) ? v : null;
    }

    /** Stores the members' verdict; a corrected entry for the same sequence is kept, not overwritten. */
    public void add(CachedVerdict verdict) throws IOException {
        CachedVerdict existing = state.value();
        if (existing != null && existing.corrected()
                && (existing.templateIds == null || Arrays.equals(existing.templateIds, verdict.templateIds))) {
            return;
        }
        state.update(verdict);
    }

    /** Applies a label correction: later queries answer {@code label}. */
    public void update(int label, String who, long when) throws IOException {
        if (label != Labels.NORMAL && label != Labels.ANOMALOUS) {
            throw new IllegalArgumentException("a correction sets label 0 or 1, got " + label);
        }
        CachedVerdict v = state.value();
        if (v == null) {
            v = new CachedVerdict();
        }
        v.label = label;
        v.correctedBy = who == null ? "unknown" : who;
        v.correctedAt = when;
        state.update(v);
    }

    /** Forgets the entry: the next identical sequence is judged by the members again. */
    public void delete() {
        state.clear();
    }
}
