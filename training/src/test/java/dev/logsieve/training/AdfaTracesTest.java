package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void evaluateAdfaChoosesTheVoteOnAnAttackFamilyThatFittingDidNotSee() throws Exception {
        java.util.Random r = new java.util.Random(3);
        StringBuilder tsv = new StringBuilder("split\tfamily\tinstance\tfile\tlabel\tcalls\tsequence\n");
        for (int i = 0; i < 80; i++) {
            tsv.append(trace("training", "normal", "UTD-" + i, 0, r, 3, 5, 6));
        }
        String[][] families = {{"Alpha", "11", "102"}, {"Beta", "102", "141"}, {"Gamma", "141", "11"}};
        for (String[] f : families) {
            for (int i = 0; i < 10; i++) {
                tsv.append(trace("attack", f[0], "UAD-" + f[0] + i, 1, r, 3, Integer.parseInt(f[1]), Integer.parseInt(f[2])));
            }
        }
        Path file = Files.writeString(dir.resolve("families.tsv"), tsv);
        Path report = dir.resolve("families.json");
        // evaluate-adfa writes its progress to the process's standard error
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        // and its results to standard output
        java.io.ByteArrayOutputStream results = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        CommandLineTest.Run run;
        System.setErr(new java.io.PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8));
        System.setOut(new java.io.PrintStream(results, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run = CommandLineTest.run("evaluate-adfa", "--traces", file.toString(), "--report",
                    report.toString(), "--members", "dt,knn", "--fallback", "off");
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
        }
        assertThat(run.code()).as(run.err()).isEqualTo(0);
        // each run trains on two families of ten attacks: two folds, each holding one family out whole
        assertThat(progress.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("whole attack families together")
                .contains("fold 1 of 2: holding out").contains("fold 2 of 2: holding out").contains("(10 anomalous)");
        assertThat(Files.readString(report)).contains("keeps each attack family whole, in folds that hold each out once");
        // every member's own vote is scored beside the ensemble's, per family and as a mean
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.path("members_alone").fieldNames()).toIterable().containsExactly("dt", "knn");
        for (String member : new String[] {"dt", "knn"}) {
            double sum = 0;
            for (String family : new String[] {"Alpha", "Beta", "Gamma"}) {
                com.fasterxml.jackson.databind.JsonNode plain = json.path("families").path(family).path("member_scores")
                        .path(member).path("plain");
                assertThat(plain.path("sequences").asInt()).as(family + " " + member).isEqualTo(
                        json.path("families").path(family).path("test").path("sequences").asInt());
                sum += plain.path("f1").asDouble();
            }
            assertThat(json.path("members_alone").path(member).path("mean_f1").asDouble()).isCloseTo(sum / 3, within(1e-9));
        }
        assertThat(json.path("families").path("Alpha").path("vote_reason").asText()).isNotEmpty();
        assertThat(results.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("each member alone, mean F1 over the families: dt ").contains("member knn");
    }

    /** One trace line: calls drawn from 3, 5, 6 with two family-specific ones mixed in for attacks. */
    private static String trace(String split, String family, String file, int label, java.util.Random r, int... calls) {
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            seq.append(i == 0 ? "" : " ").append(calls[r.nextInt(calls.length)]);
        }
        return String.join("\t", split, family, "-", file + ".txt", String.valueOf(label), "30", seq.toString()) + "\n";
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
