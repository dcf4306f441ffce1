package dev.logsieve.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The LLM stage copies only the options it lists into its own configuration when the job is built;
 * a setting missing from that list would be ignored without a word on the TaskManagers.
 */
class LlmStageOptionsTest {

    @Test
    void theStageCarriesEverySettingOfTheLlmMember() throws IllegalAccessException {
        List<ConfigOption<?>> declared = new ArrayList<>();
        for (Field f : LlmOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                declared.add((ConfigOption<?>) f.get(null));
            }
        }
        assertThat(declared).contains(LlmOptions.LLM_EXECUTION_PROVIDER, LlmOptions.LLM_CUDA_DEVICE);
        // Read where the job is built (the async operator's capacity and timeout), not by the stage.
        declared.removeAll(List.of(LlmOptions.LLM_CAPACITY, LlmOptions.LLM_TIMEOUT));
        assertThat(LlmStage.OPTIONS).containsExactlyInAnyOrderElementsOf(declared);
    }
}
