package dev.logsieve.cli;

import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.cache.CacheOptions;
import dev.logsieve.eval.EvalOptions;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.io.LineOptions;
import dev.logsieve.kafka.KafkaOptions;
import dev.logsieve.revision.RevisionOptions;
import dev.logsieve.scoring.LlmOptions;
import dev.logsieve.window.WindowOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The index of every Logsieve setting. Each setting is a typed {@link ConfigOption} that lives with
 * the package that reads it; this class only lists them, for documentation, for checks of
 * manifests and config files, and for {@code --help}.
 */
public final class LogsieveOptions {
    private LogsieveOptions() {}

    /** The classes that own settings, in the order a reader meets them in the pipeline. */
    public static final List<Class<?>> OWNERS = List.of(FormatSettings.class, LineOptions.class, WindowOptions.class,
            BundleOptions.class, CacheOptions.class, RevisionOptions.class, LlmOptions.class, KafkaOptions.class,
            EvalOptions.class);

    /** Every Logsieve setting: the public static {@link ConfigOption} fields of {@link #OWNERS}. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Class<?> owner : OWNERS) {
            for (Field f : owner.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        out.add((ConfigOption<?>) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }
}
