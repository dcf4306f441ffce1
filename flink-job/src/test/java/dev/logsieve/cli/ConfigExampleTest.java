package dev.logsieve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/config.yaml}, the settings file example, lists every Logsieve setting
 * ({@link LogsieveOptions#all()}) with its description as a comment and its default, and Flink
 * reads it: loaded by Flink's own {@link GlobalConfiguration}, every setting has its default
 * value. When a setting is added or changed, the test writes the file it expects to
 * {@code target/config.yaml} and says to copy it over.
 */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "config.yaml");

    @TempDir
    Path dir;

    @Test
    void theExampleListsEverySettingWithItsDefaultAndFlinkReadsIt() throws Exception {
        String expected = render();
        String actual = Files.exists(EXAMPLE) ? Files.readString(EXAMPLE, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            Path written = Path.of("target", "config.yaml");
            Files.writeString(written, expected, StandardCharsets.UTF_8);
            assertThat(actual).as("docs/config.yaml is not in step with the settings; the expected file is in "
                    + "flink-job/%s: copy it to docs/config.yaml", written).isEqualTo(expected);
        }

        Files.copy(EXAMPLE, dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME));
        Configuration loaded = GlobalConfiguration.loadConfiguration(dir.toString());
        for (ConfigOption<?> option : LogsieveOptions.all()) {
            if (option.hasDefaultValue()) {
                assertThat((Object) loaded.get(option)).as(option.key()).isEqualTo(option.defaultValue());
            } else {
                assertThat(loaded.getOptional(option)).as(option.key() + " has no default: commented out").isEmpty();
            }
        }
        assertThat(loaded.keySet()).allMatch(k -> LogsieveOptions.all().stream().anyMatch(o -> o.key().equals(k)));
    }

    /** The example as it should be: per owning class a heading, per setting its description and its default. */
    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Every Logsieve setting, with its default, in Flink's config.yaml format. Copy the lines you\n")
                .append("# change into Flink's conf/config.yaml (a cluster), or give them as -D key=value to ./logsieve\n")
                .append("# stream, ./logsieve backfill or flink run. Settings without a default are commented out.\n")
                .append("# Written from dev.logsieve.cli.LogsieveOptions; ConfigExampleTest keeps it in step.\n");
        for (Class<?> owner : LogsieveOptions.OWNERS) {
            out.append("\n# ----- ").append(owner.getSimpleName()).append(" (").append(owner.getPackageName()).append(") -----\n");
            for (ConfigOption<?> option : LogsieveOptions.all()) {
                if (!declares(owner, option)) {
                    continue;
                }
                for (String line : wrap(describe(option), 96)) {
                    out.append("# ").append(line).append('\n');
                }
                if (option.hasDefaultValue()) {
                    Configuration one = new Configuration();
                    set(one, option);
                    out.append(option.key()).append(": ").append(one.toFileWritableMap().get(option.key())).append("\n\n");
                } else {
                    out.append("# ").append(option.key()).append(":\n\n");
                }
            }
        }
        return out.toString().replace("\n\n\n", "\n\n").stripTrailing() + "\n";
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Configuration conf, ConfigOption<T> option) {
        conf.set(option, option.defaultValue());
    }

    private static boolean declares(Class<?> owner, ConfigOption<?> option) {
        for (var f : owner.getFields()) {
            try {
                if (f.get(null) == option) {
                    return true;
                }
            } catch (IllegalAccessException | NullPointerException e) {
                // not a static field: not a setting
            }
        }
        return false;
    }

    /** The option's description as plain text. */
    private static String describe(ConfigOption<?> option) {
        List<String> parts = new ArrayList<>();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement text) {
                Object[] inner = text.getElements().stream()
                        .map(e -> e instanceof TextElement t ? t.getFormat() : Objects.toString(e)).toArray();
                parts.add(inner.length == 0 ? text.getFormat() : String.format(text.getFormat(), inner));
            }
        }
        String d = String.join(" ", parts).trim();
        return d.isEmpty() ? "(no description)" : d;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
