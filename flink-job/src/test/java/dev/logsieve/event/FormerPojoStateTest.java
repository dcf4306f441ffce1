package dev.logsieve.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamElement;
import org.apache.flink.streaming.runtime.streamrecord.StreamElementSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * Sequences and verdicts were Flink POJOs in earlier releases, and sit in state: sequences waiting
 * for the LLM member's generation in the judge and in flight in the LLM stage, verdicts waiting for
 * their label in a backfill. State written with the POJO serializer, in RocksDB as a deployed job
 * keeps it, must restore under the hand-written serializers: a checkpoint taken before an upgrade
 * is not lost.
 */
class FormerPojoStateTest {

    @Test
    void sequencesWrittenAsPojosAreReadAfterTheUpgrade() throws Exception {
        LogSequence s = Records.fullSequence();
        Object[] back = restoreAcrossUpgrade(Records.pojo(LogSequence.class), TypeInformation.of(LogSequence.class), s, false);
        assertThat(back).singleElement().usingRecursiveComparison(Records.fieldByField()).isEqualTo(s);
    }

    @Test
    void sequencesWaitingWithATimeToLiveAreReadAfterTheUpgrade() throws Exception {
        // The judge's sequences that wait for the LLM member's generation live in state with a time to live.
        LogSequence s = Records.fullSequence();
        Object[] back = restoreAcrossUpgrade(Records.pojo(LogSequence.class), TypeInformation.of(LogSequence.class), s, true);
        assertThat(back).singleElement().usingRecursiveComparison(Records.fieldByField()).isEqualTo(s);
    }

    @Test
    void verdictsWrittenAsPojosAreReadAfterTheUpgrade() throws Exception {
        Verdict v = Records.fullVerdict();
        Object[] back = restoreAcrossUpgrade(Records.pojo(Verdict.class), TypeInformation.of(Verdict.class), v, false);
        assertThat(back).singleElement().usingRecursiveComparison(Records.fieldByField()).isEqualTo(v);
    }

    @Test
    void sequencesInFlightInTheLlmStageAreReadAfterTheUpgrade() throws Exception {
        LogSequence s = Records.fullSequence();
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<>(new InFlight<>(Records.pojo(LogSequence.class)))) {
            h.open();
            h.processElement(new StreamRecord<>(s, 1L));
            snapshot = h.snapshot(1L, 2L);
        }
        try (var h = new OneInputStreamOperatorTestHarness<>(new InFlight<>(TypeInformation.of(LogSequence.class)))) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(null, 3L));
            assertThat(h.extractOutputValues()).singleElement().usingRecursiveComparison(Records.fieldByField()).isEqualTo(s);
        }
    }

    /** Adds the value to a key's list state with the old type, snapshots, restores with the new type and reads it. */
    private static <T> Object[] restoreAcrossUpgrade(TypeInformation<T> before, TypeInformation<T> after, T value,
                                                     boolean ttl) throws Exception {
        assertThat(before).isInstanceOf(PojoTypeInfo.class);
        assertThat(after).isInstanceOf(RecordTypeInfo.class);
        OperatorSubtaskState snapshot;
        try (var h = harness(before, ttl)) {
            h.open();
            h.processElement(new StreamRecord<>(value, 1L));
            snapshot = h.snapshot(1L, 2L);
        }
        try (var h = harness(after, ttl)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(null, 3L));
            return h.extractOutputValues().toArray();
        }
    }

    private static <T> KeyedOneInputStreamOperatorTestHarness<String, T, T> harness(TypeInformation<T> type, boolean ttl)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, T, T>(new KeyedProcessOperator<>(new Keep<>(type, ttl)),
                v -> "the-key", Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /**
     * Keeps what it is given in list state under one name, with a time to live as the judge sets one
     * where asked; given null, it emits what it keeps.
     */
    private static final class Keep<T> extends KeyedProcessFunction<String, T, T> {
        private final TypeInformation<T> type;
        private final boolean ttl;
        private transient ListState<T> kept;

        Keep(TypeInformation<T> type, boolean ttl) {
            this.type = type;
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            ListStateDescriptor<T> descriptor = new ListStateDescriptor<>("kept", type);
            if (ttl) {
                descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(1)).updateTtlOnReadAndWrite()
                        .neverReturnExpired().cleanupFullSnapshot().cleanupInRocksdbCompactFilter(1000).build());
            }
            kept = getRuntimeContext().getListState(descriptor);
        }

        @Override
        public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
            if (value != null) {
                kept.add(value);
            } else {
                kept.get().forEach(out::collect);
            }
        }
    }

    /**
     * Keeps records in operator list state as Flink's async operator (the LLM stage) keeps the
     * sequences in flight at a checkpoint: stream elements, under one name; given null, emits them.
     */
    private static final class InFlight<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
        private final TypeInformation<T> type;
        private transient ListState<StreamElement> queue;

        InFlight(TypeInformation<T> type) {
            this.type = type;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            queue = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("in-flight",
                    new StreamElementSerializer<>(type.createSerializer(new SerializerConfigImpl()))));
        }

        @Override
        public void processElement(StreamRecord<T> record) throws Exception {
            if (record.getValue() != null) {
                queue.add(record);
            } else {
                for (StreamElement e : queue.get()) {
                    output.collect(e.asRecord());
                }
            }
        }
    }
}
