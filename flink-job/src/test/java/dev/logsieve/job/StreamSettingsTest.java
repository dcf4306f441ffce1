package dev.logsieve.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

    @Test
    void readersEmitWatermarksEvery50msUnlessTheUserSetsAnInterval() {
        // The interval sources emit watermarks at, which the job's environment hands to its readers.
        StreamExecutionEnvironment env = StreamSettings.localEnvironment(new Configuration());
        assertThat(env.getConfig().getAutoWatermarkInterval()).isEqualTo(50);

        Configuration user = new Configuration();
        user.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(300));
        assertThat(StreamSettings.localEnvironment(user).getConfig().getAutoWatermarkInterval()).isEqualTo(300);
    }

    @Test
    void aUsersSettingWinsOverEveryDefault() {
        Configuration user = new Configuration();
        user.set(PipelineOptions.MAX_PARALLELISM, 512);
        Configuration all = StreamSettings.withDefaults(user);
        assertThat(all.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(512);
        assertThat(all.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)).isEqualTo(StreamSettings.WATERMARK_INTERVAL);
    }
}
