package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logsieve.event.LogSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADFA-LD traces as sequences whose messages name the system calls. */
class AdfaTracesTest {

    @TempDir
    Path dir;

    private Path traces() throws Exception {
        return Files.writeString(dir.resolve("traces.tsv"), String.join("\n",
                "split\tfamily\tinstance\tfile\tlabel\tcalls\tsequence",
                "training\tnormal\t-\tUTD-0001.txt\t0\t4\t5 3 999 5",
                "attack\tAdduser\t1\tUAD-0001.txt\t1\t2\t11 6", ""));
    }

    @Test
    void eachCallIsNamedFromTheTableAndANumberItLacksStaysANumber() throws Exception {
        Map<Integer, String> table = Map.of(3, "read", 5, "open", 6, "close", 11, "execve");
        List<AdfaTraces.Trace> named = AdfaTraces.read(traces(), table);
        LogSequence normal = named.get(0).sequence;
        assertThat(normal.messages).containsExactly("syscall open", "syscall read", "syscall 999", "syscall open");
        assertThat(normal.templateIds[0]).isEqualTo(normal.templateIds[3]).isNotEqualTo(normal.templateIds[1]);
        assertThat(named.get(1).family).isEqualTo("Adduser");
        assertThat(named.get(1).sequence.messages).containsExactly("syscall execve", "syscall close");

        // numbers and names map one to one: the events, and so what the other members count, are the same
        LogSequence numbered = AdfaTraces.read(traces()).get(0).sequence;
        assertThat(numbered.messages).containsExactly("syscall 5", "syscall 3", "syscall 999", "syscall 5");
        assertThat(numbered.templateIds[0]).isEqualTo(numbered.templateIds[3]).isNotEqualTo(numbered.templateIds[1]);
    }

    @Test
    void evaluateAdfaNamesAMissingSystemCallTable() throws Exception {
        Path missing = dir.resolve("unistd_32.h");
        CommandLineTest.Run r = CommandLineTest.run("evaluate-adfa", "--traces", traces().toString(), "--report",
                dir.resolve("r.json").toString(), "--syscall-table", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--syscall-table").contains(missing.toString()).contains("linux-libc-dev");
    }
}
