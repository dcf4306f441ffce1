package dev.logsieve.kafka;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.io.RawLine;
import dev.logsieve.job.ParseAndMask;
import dev.logsieve.job.Pipeline;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Label corrections from a Kafka topic, for the pipeline's verdict cache ({@link Pipeline}'s judge stage). Malformed ones
 * go to their own dead-letter sink. Corrections are not event-time data: their watermark is always
 * the maximum, so this input never holds back the sequences' event time (not even before an
 * idleness timeout would notice that it is quiet).
 */
public final class KafkaCorrections implements Pipeline.CorrectionInput {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CORRECTION_BYTES = 1 << 20;

    private final String bootstrap;
    private final String topic;
    private final String groupId;
    private final KafkaOptions.StartFrom startFrom;
    private final boolean bounded;
    private final Properties properties;
    private final Sink<DeadLetter> deadLetters;

    public KafkaCorrections(String bootstrap, String topic, String groupId, KafkaOptions.StartFrom startFrom,
                            boolean bounded, Properties properties, Sink<DeadLetter> deadLetters) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.groupId = groupId;
        this.startFrom = startFrom;
        this.bounded = bounded;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    @Override
    public DataStream<LabelCorrection> create(StreamExecutionEnvironment env) {
        KafkaSource<RawLine> source = KafkaLines.<RawLine>source(bootstrap, topic, groupId, startFrom, bounded, properties)
                .setDeserializer(new RawRecords(MAX_CORRECTION_BYTES, null))
                .build();
        SingleOutputStreamOperator<LabelCorrection> parsed = env
                .fromSource(source, neverHoldsBack(), "kafka: " + topic).uid("kafka-corrections")
                .process(new CorrectionParser()).name("parse-corrections").uid("parse-corrections");
        parsed.getSideOutput(ParseAndMask.DEAD_LETTERS).sinkTo(deadLetters)
                .name("dead-letters: corrections").uid("dead-letters-corrections");
        return parsed;
    }

    /** A watermark at the end of time, from the start: this input never holds event time back. */
    static WatermarkStrategy<RawLine> neverHoldsBack() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<RawLine>() {
            @Override
            public void onEvent(RawLine event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
