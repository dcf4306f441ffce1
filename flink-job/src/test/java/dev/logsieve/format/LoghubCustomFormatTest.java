package dev.logsieve.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.LogRecord;
import dev.logsieve.testing.SharedData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The custom format against loghub's 2k samples with loghub's own benchmark format strings (as in
 * logparser's benchmark settings): every line must parse, its content must equal the structured
 * CSV's Content column (and Level and Component where the format has them), and the first line's
 * timestamp must be the one its header shows. No system needs an allowance for misses.
 */
class LoghubCustomFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '"', textBlock = """
        HDFS # <Date> <Time> <Pid> <Level> <Component>: <Content> # 2008-11-09T20:36:15Z # 0
        Hadoop # <Date> <Time> <Level> \\[<Process>\\] <Component>: <Content> # 2015-10-18T18:01:47.978Z # 0
        Spark # <Date> <Time> <Level> <Component>: <Content> # 2017-06-09T20:10:40Z # 0
        Zookeeper # <Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content> # 2015-07-29T17:41:44.747Z # 0
        BGL # <Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content> # 2005-06-03T22:42:50Z # 0
        HPC # <LogId> <Node> <Component> <State> <Time> <Flag> <Content> # 2004-02-26T14:12:22Z # 0
        Thunderbird # <Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content> # 2005-11-09T20:01:01Z # 0
        Windows # <Date> <Time>, <Level>                  <Component>    <Content> # 2016-09-28T04:30:30Z # 0
        Linux # <Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content> # 2005-06-14T15:16:01Z # 0
        Android # <Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content> # 2005-03-17T16:13:38.811Z # 0
        HealthApp   # <Time>\\|<Component>\\|<Pid>\\|<Content> # 2017-12-23T22:15:29.606Z # 0
        Apache # \\[<Time>\\] \\[<Level>\\] <Content> # 2005-12-04T04:47:44Z # 0
        Proxifier # \\[<Time>\\] <Program> - <Content> # 2005-10-30T16:49:06Z # 0
        OpenSSH # <Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content> # 2005-12-10T06:55:46Z # 0
        OpenStack # <Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content> # 2017-05-16T00:00:00.008Z # 0
        Mac # <Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content> # 2005-07-01T09:00:55Z # 0
        """)
    void everyLineParsesWithLoghubContent(String system, String logFormat, String firstTime, int allowedMisses)
            throws Exception {
        CustomFormat format = new CustomFormat(logFormat, null, null, 2005);
        List<String> lines = TestFiles.lines(SharedData.require("loghub_2k/" + system + "/" + system + "_2k.log"));
        List<Map<String, String>> rows =
                TestFiles.csv(SharedData.require("loghub_2k/" + system + "/" + system + "_2k.log_structured.csv"));
        assertThat(lines).hasSize(2000);
        assertThat(rows).hasSize(2000);
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                LogRecord r = format.parse(lines.get(i));
                Map<String, String> row = rows.get(i);
                if (!r.content.equals(row.get("Content"))) {
                    misses.add("line " + (i + 1) + ": content " + r.content + " != " + row.get("Content"));
                }
                if (row.containsKey("Level") && !row.get("Level").equals(r.level)) {
                    misses.add("line " + (i + 1) + ": level " + r.level + " != " + row.get("Level"));
                }
                if (row.containsKey("Component") && !row.get("Component").equals(r.component)) {
                    misses.add("line " + (i + 1) + ": component " + r.component + " != " + row.get("Component"));
                }
                if (i == 0) {
                    assertThat(Instant.ofEpochMilli(r.timestamp)).isEqualTo(Instant.parse(firstTime));
                }
            } catch (MalformedLineException e) {
                misses.add("line " + (i + 1) + ": " + e.getMessage() + " | " + lines.get(i));
            }
        }
        assertThat(misses).as(system).hasSizeLessThanOrEqualTo(allowedMisses);
    }
}
