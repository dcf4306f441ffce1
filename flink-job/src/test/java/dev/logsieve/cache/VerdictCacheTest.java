package dev.logsieve.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.Labels;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The cache's four operations on real Flink keyed state in the RocksDB backend, driven through
 * Flink's operator test harness: query, add, update (a correction), delete, TTL expiry, and
 * surviving a snapshot and restore.
 */
class VerdictCacheTest {

    /** One cache command for the test operator; the key is the sequence id. */
    public static class Op {
        public long sequenceId;
        public String kind; // query, add, update, delete
        public long[] ids;
        public int label;

        public Op() {}

        static Op of(String kind, long seq, long[] ids, int label) {
            Op o = new Op();
            o.kind = kind;
            o.sequenceId = seq;
            o.ids = ids;
            o.label = label;
            return o;
        }
    }

    /** Runs commands against a VerdictCache and answers queries as "hit:LABEL[:corrected]" or "miss". */
    static class CacheOps extends KeyedProcessFunction<Long, Op, String> {
        private final Duration ttl;
        private transient VerdictCache cache;

        CacheOps(Duration ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext ctx) {
            cache = VerdictCache.open(getRuntimeContext(), ttl);
        }

        @Override
        public void processElement(Op op, Context ctx, Collector<String> out) throws Exception {
            switch (op.kind) {
                case "add": {
                    CachedVerdict v = new CachedVerdict();
                    v.templateIds = op.ids;
                    v.label = op.label;
                    v.votes = new int[] {op.label};
                    cache.add(v);
                    break;
                }
                case "update":
                    cache.update(op.label, "alice", 1000L);
                    break;
                case "delete":
                    cache.delete();
                    break;
                default: {
                    CachedVerdict v = cache.query(op.ids);
                    out.collect(v == null ? "miss" : "hit:" + v.label + (v.corrected() ? ":corrected" : ""));
                }
            }
        }
    }

    private static final long[] A = {1, 2, 3};
    private static final long[] B = {1, 2, 4};

    private KeyedOneInputStreamOperatorTestHarness<Long, Op, String> harness(Duration ttl) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CacheOps(ttl)),
                op -> op.sequenceId, Types.LONG);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<Long, Op, String> h) {
        return h.extractOutputValues().stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void queryAddUpdateDelete() throws Exception {
        try (var h = harness(null)) {
            h.open();
            h.processElement(new StreamRecord<>(Op.of("query", 7, A, 0)));
            h.processElement(new StreamRecord<>(Op.of("add", 7, A, Labels.NORMAL)));
            h.processElement(new StreamRecord<>(Op.of("query", 7, A, 0)));
            // Same id but another sequence (a hash collision) must not be answered from the cache.
            h.processElement(new StreamRecord<>(Op.of("query", 7, B, 0)));
            h.processElement(new StreamRecord<>(Op.of("update", 7, null, Labels.ANOMALOUS)));
            h.processElement(new StreamRecord<>(Op.of("query", 7, A, 0)));
            // The members' verdict does not overwrite a person's correction.
            h.processElement(new StreamRecord<>(Op.of("add", 7, A, Labels.NORMAL)));
            h.processElement(new StreamRecord<>(Op.of("query", 7, A, 0)));
            h.processElement(new StreamRecord<>(Op.of("delete", 7, null, 0)));
            h.processElement(new StreamRecord<>(Op.of("query", 7, A, 0)));
            assertThat(outputs(h)).containsExactly("miss", "hit:0", "miss", "hit:1:corrected", "hit:1:corrected", "miss");
        }
    }

    @Test
    void correctionBeforeTheSequenceIsSeenAppliesToIt() throws Exception {
        try (var h = harness(null)) {
            h.open();
            h.processElement(new StreamRecord<>(Op.of("update", 9, null, Labels.ANOMALOUS)));
            h.processElement(new StreamRecord<>(Op.of("query", 9, A, 0)));
            h.processElement(new StreamRecord<>(Op.of("query", 9, B, 0)));
            assertThat(outputs(h)).containsExactly("hit:1:corrected", "miss");
        }
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        try (var h = harness(Duration.ofMinutes(10))) {
            h.setStateTtlProcessingTime(0);
            h.open();
            h.processElement(new StreamRecord<>(Op.of("add", 5, A, Labels.ANOMALOUS)));
            h.setStateTtlProcessingTime(Duration.ofMinutes(9).toMillis());
            h.processElement(new StreamRecord<>(Op.of("query", 5, A, 0)));
            // The read above renewed the entry until minute 19, so it is still there at minute 18 ...
            h.setStateTtlProcessingTime(Duration.ofMinutes(18).toMillis());
            h.processElement(new StreamRecord<>(Op.of("query", 5, A, 0)));
            // ... and 10 minutes without any access remove it.
            h.setStateTtlProcessingTime(Duration.ofMinutes(28).toMillis() + 1);
            h.processElement(new StreamRecord<>(Op.of("query", 5, A, 0)));
            assertThat(outputs(h)).containsExactly("hit:1", "hit:1", "miss");
        }
    }

    @Test
    void survivesSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.open();
            h.processElement(new StreamRecord<>(Op.of("add", 1, A, Labels.ANOMALOUS)));
            h.processElement(new StreamRecord<>(Op.of("add", 2, B, Labels.NORMAL)));
            h.processElement(new StreamRecord<>(Op.of("update", 2, null, Labels.ANOMALOUS)));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(null)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Op.of("query", 1, A, 0)));
            h.processElement(new StreamRecord<>(Op.of("query", 2, B, 0)));
            h.processElement(new StreamRecord<>(Op.of("query", 3, A, 0)));
            assertThat(outputs(h)).containsExactly("hit:1", "hit:1:corrected", "miss");
        }
    }
}
