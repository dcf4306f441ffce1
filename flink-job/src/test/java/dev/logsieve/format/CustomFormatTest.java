package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.event.Labels;
import dev.logsieve.event.LogRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomFormatTest {
    private static final String SPARK = "<Date> <Time> <Level> <Component>: <Content>";

    @Test
    void compilesLikeLoghub() {
        CustomFormat f = new CustomFormat("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>");
        assertThat(f.regex()).isEqualTo("(?<f0>.*?)\\s+(?<f1>.*?)\\s+-\\s+(?<f2>.*?)\\s+\\[(?<f3>.*?):(?<f4>.*?)@(?<f5>.*?)\\]"
                + "\\s+-\\s+(?<f6>.*)");
        assertThat(f.fieldNames()).containsExactly("Date", "Time", "Level", "Node", "Component", "Id", "Content");
        assertThat(f.hasSessions()).isFalse();
        assertThat(f.name()).isEqualTo("custom");
    }

    @Test
    void parsesFieldsAndTimestamp() throws Exception {
        LogRecord r = new CustomFormat(SPARK).parse("17/06/09 20:10:40 INFO executor.Backend:   Registered  signal ");
        assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse("2017-06-09T20:10:40Z"));
        assertThat(r.level).isEqualTo("INFO");
        assertThat(r.component).isEqualTo("executor.Backend");
        assertThat(r.content).isEqualTo("Registered  signal");
        assertThat(r.label).isEqualTo(Labels.UNKNOWN);
        assertThat(r.sessionKeys).isEmpty();
    }

    @Test
    void sessionRegexGivesDistinctKeysInOrderAndGroupOne() throws Exception {
        CustomFormat whole = new CustomFormat(SPARK, "blk_-?\\d+", null, 0);
        assertThat(whole.hasSessions()).isTrue();
        assertThat(whole.parse("17/06/09 20:10:40 INFO c: copy blk_1 to blk_-2 after blk_1").sessionKeys)
                .containsExactly("blk_1", "blk_-2");
        CustomFormat group = new CustomFormat(SPARK, "task (\\d+)\\.0", null, 0);
        assertThat(group.parse("17/06/09 20:10:40 INFO c: Finished task 3.0 and task 7.0").sessionKeys)
                .containsExactly("3", "7");
        assertThatThrownBy(() -> whole.parse("17/06/09 20:10:40 INFO c: nothing to see"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("no session key (no match of the session regex 'blk_-?\\d+') in the content");
    }

    @Test
    void timestampPatternOptionAndDefaultYear() throws Exception {
        CustomFormat apache = new CustomFormat("<Host> - - \\[<Time>\\] <Content>", null, "dd/MMM/yyyy:HH:mm:ss Z", 0);
        assertThat(Instant.ofEpochMilli(apache.parse("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\"").timestamp))
                .isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
        CustomFormat syslog = new CustomFormat("<Month> <Day> <Time> <Host> <Content>", null, null, 2019);
        assertThat(Instant.ofEpochMilli(syslog.parse("Feb  3 04:05:06 host msg").timestamp))
                .isEqualTo(Instant.parse("2019-02-03T04:05:06Z"));
        CustomFormat epoch = new CustomFormat("<Timestamp> <Content>", null, "epoch-millis", 0);
        assertThat(epoch.parse("1500000000123 hello").timestamp).isEqualTo(1500000000123L);
        CustomFormat iso = new CustomFormat("<Datetime> <Content>");
        assertThat(Instant.ofEpochMilli(iso.parse("2024-01-31T12:00:00.5+01:00 hello").timestamp))
                .isEqualTo(Instant.parse("2024-01-31T11:00:00.500Z"));
        assertThat(Instant.ofEpochMilli(iso.parse("2024-01-31T12:00:00 hello").timestamp))
                .isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void theShapeThatWorkedIsRememberedButOthersStillParse() throws Exception {
        CustomFormat f = new CustomFormat("<Date> <Time> <Content>");
        assertThat(Instant.ofEpochMilli(f.parse("2015-07-29 17:41:44,747 a").timestamp))
                .isEqualTo(Instant.parse("2015-07-29T17:41:44.747Z"));
        assertThat(Instant.ofEpochMilli(f.parse("2015-07-29 17:41:45,001 b").timestamp))
                .isEqualTo(Instant.parse("2015-07-29T17:41:45.001Z"));
        assertThat(Instant.ofEpochMilli(f.parse("081109 203531 c").timestamp))
                .isEqualTo(Instant.parse("2008-11-09T20:35:31Z"));
        assertThatThrownBy(() -> f.parse("2015-07-29 25:61:00,000 d"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("bad time '2015-07-29 25:61:00,000' (fields <Date> <Time>): it matches none of the"
                        + " built-in patterns");
    }

    @Test
    void labelFieldAndNoTimeFields() throws Exception {
        CustomFormat f = new CustomFormat("<Label> <Node> <Content>");
        LogRecord normal = f.parse("- n1 all good");
        assertThat(normal.label).isEqualTo(Labels.NORMAL);
        assertThat(normal.timestamp).isZero();
        assertThat(f.parse("KERNDTLB n1 data TLB error").label).isEqualTo(Labels.ANOMALOUS);
    }

    @Test
    void badFormatStringsFailAtConstruction() {
        assertThatThrownBy(() -> new CustomFormat("<Date> <Time> <Level>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no <Content> field");
        assertThatThrownBy(() -> new CustomFormat("<Date <Time> <Content>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced '<' at position 0");
        assertThatThrownBy(() -> new CustomFormat("<Date> <Content"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced '<' at position 7");
        assertThatThrownBy(() -> new CustomFormat("<Da te> <Content>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad field name <Da te>");
        assertThatThrownBy(() -> new CustomFormat("<Time> <time> <Content>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field <time> appears twice");
        assertThatThrownBy(() -> new CustomFormat("(<Time> <Content>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> new CustomFormat(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a format string");
        assertThatThrownBy(() -> new CustomFormat(SPARK, "blk_(", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad session regex 'blk_('");
        assertThatThrownBy(() -> new CustomFormat(SPARK, null, "yyyy-MM-dd HH:mm {", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad timestamp pattern");
        assertThatThrownBy(() -> new CustomFormat("<Node> <Content>", null, "epoch", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no field named Timestamp");
    }

    @Test
    void escapedAngleBracketsAreLiteral() throws Exception {
        LogRecord r = new CustomFormat("\\<<Level>\\> <Content>").parse("<WARN> disk almost full");
        assertThat(r.level).isEqualTo("WARN");
        assertThat(r.content).isEqualTo("disk almost full");
    }

    @Test
    void nonMatchingLinesSayHowFarTheyFit() {
        CustomFormat f = new CustomFormat("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>");
        assertThatThrownBy(() -> f.parse("2015-07-29 17:41:44,747 - INFO  no brackets here"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessageStartingWith("line does not match the format")
                .hasMessageEndingWith("it fits up to <Time> but not from <Level> on");
        assertThatThrownBy(() -> f.parse("nothing"))
                .isInstanceOf(MalformedLineException.class)
                .hasMessageEndingWith("it does not even fit the beginning up to <Date>");
    }

    @Test
    void pathologicalLineGivesUpQuickly() {
        // Lazy groups separated by \s+ backtrack polynomially on a long line of short words that lacks ": ".
        CustomFormat f = new CustomFormat("<A> <B> <C> <D> <E> <F>: <Content>");
        String line = "a ".repeat(50_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> f.parse(line)).isInstanceOf(MalformedLineException.class)
                .hasMessageStartingWith("line too hard to match against the format");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        CustomFormat f = new CustomFormat(SPARK, "blk_\\d+", null, 2017);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        CustomFormat back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (CustomFormat) in.readObject();
        }
        LogRecord r = back.parse("17/06/09 20:10:40 INFO c: got blk_7");
        assertThat(r.sessionKeys).containsExactly("blk_7");
        assertThat(back.regex()).isEqualTo(f.regex());
    }
}
