package dev.logsieve.event;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one record costs to cross a shuffle (written, then read back) and to pass between chained
 * operators (copied), in nanoseconds: the hand-written serializers of {@link LogSequence} and
 * {@link Verdict} against Flink's POJO serializer for the same classes, which the job used before.
 * The records are what an HDFS block of 20 lines makes with the members dt, knn and mlp: a
 * sequence of 20 template ids whose templates training knew (so the job carries no message text
 * for them), and a normal verdict without evidence.
 *
 * <pre>
 * ./logsieve jmh RecordSerializerBenchmark -f 3 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordSerializerBenchmark {

    @Param({"hand-written", "pojo"})
    public String serializer;

    private TypeSerializer<LogSequence> sequences;
    private TypeSerializer<Verdict> verdicts;
    private LogSequence sequence;
    private Verdict verdict;
    private final DataOutputSerializer out = new DataOutputSerializer(4096);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        boolean pojo = serializer.equals("pojo");
        sequences = (pojo ? Records.pojo(LogSequence.class) : TypeInformation.of(LogSequence.class)).createSerializer(new SerializerConfigImpl());
        verdicts = (pojo ? Records.pojo(Verdict.class) : TypeInformation.of(Verdict.class)).createSerializer(new SerializerConfigImpl());
        long[] ids = new long[20];
        for (int i = 0; i < 20; i++) {
            ids[i] = -7_046_921_823_462_141_111L * (i % 5);
        }
        sequence = new LogSequence("blk_-1608999687919862906", 1_226_234_175_000L, 1_226_234_176_500L, ids, new String[20],
                Labels.NORMAL);
        sequence.step = 3;
        sequence.last = false;
        sequence.judgedAt = 1_226_234_999_000L;
        verdict = new Verdict();
        verdict.key = sequence.key;
        verdict.start = sequence.start;
        verdict.end = sequence.end;
        verdict.length = 20;
        verdict.sequenceId = -8_123_456_789L;
        verdict.rule = "majority";
        verdict.threshold = 0.5;
        verdict.members = new String[] {"dt", "knn", "mlp"};
        verdict.votes = new int[] {0, 0, 0};
        verdict.scores = new double[] {0.01, 0.0, 0.03};
        verdict.judgedAt = sequence.judgedAt;
        verdict.step = 3;
    }

    @Benchmark
    public LogSequence sequenceAcrossAShuffle() throws IOException {
        return across(sequences, sequence);
    }

    @Benchmark
    public Verdict verdictAcrossAShuffle() throws IOException {
        return across(verdicts, verdict);
    }

    @Benchmark
    public LogSequence sequenceCopied() {
        return sequences.copy(sequence);
    }

    @Benchmark
    public Verdict verdictCopied() {
        return verdicts.copy(verdict);
    }

    private <T> T across(TypeSerializer<T> s, T record) throws IOException {
        out.clear();
        s.serialize(record, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return s.deserialize(in);
    }
}
