package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void findsEveryLineFormatByName() {
        FormatOptions opts = FormatOptions.defaults().withCustomFormat("<Date> <Time> <Content>");
        for (String name : Formats.LINE_FORMATS) {
            LineFormat f = Formats.lineFormat(name, opts);
            assertThat(f.name()).isEqualTo(name);
        }
        assertThat(Formats.lineFormat("HDFS", null)).isInstanceOf(HdfsFormat.class);
        assertThat(Formats.lineFormat("bgl", null)).isInstanceOf(SupercomputerFormat.class);
        assertThat(Formats.lineFormat("hdfs", null).hasSessions()).isTrue();
        assertThat(Formats.lineFormat("thunderbird", null).hasSessions()).isFalse();
    }

    @Test
    void customUsesTheOptions() throws Exception {
        FormatOptions opts = FormatOptions.defaults()
                .withCustomFormat("<Date> <Time> <Level> <Component>: <Content>")
                .withSessionRegex("(req-\\d+)")
                .withTimestampPattern("yyyy-MM-dd HH:mm:ss")
                .withDefaultYear(2020);
        LineFormat f = Formats.lineFormat("custom", opts);
        assertThat(f.hasSessions()).isTrue();
        assertThat(f.parse("2020-01-02 03:04:05 INFO api: req-12 done").sessionKeys).containsExactly("req-12");
        assertThat(opts).isEqualTo(new FormatOptions("<Date> <Time> <Level> <Component>: <Content>", "(req-\\d+)",
                "yyyy-MM-dd HH:mm:ss", 2020));
        assertThat(opts.hashCode()).isEqualTo(new FormatOptions("<Date> <Time> <Level> <Component>: <Content>",
                "(req-\\d+)", "yyyy-MM-dd HH:mm:ss", 2020).hashCode());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Formats.lineFormat("syslog", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'syslog'; known formats: hdfs, bgl, thunderbird, liberty, spirit, custom,"
                        + " sequences");
        assertThatThrownBy(() -> Formats.lineFormat("custom", FormatOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a format string");
        assertThatThrownBy(() -> Formats.lineFormat("sequences", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a line format");
        assertThatThrownBy(() -> new FormatOptions(null, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knowsTheSequenceFormat() {
        assertThat(Formats.isSequenceFormat("sequences")).isTrue();
        assertThat(Formats.isSequenceFormat("Sequences")).isTrue();
        assertThat(Formats.isSequenceFormat("hdfs")).isFalse();
        assertThat(Formats.isSequenceFormat(null)).isFalse();
    }
}
