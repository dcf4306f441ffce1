package dev.logsieve.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.cli.Commands;
import dev.logsieve.cli.JobMain;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Member;
import dev.logsieve.event.LogSequence;
import dev.logsieve.event.MemberReason;
import dev.logsieve.event.Verdict;
import dev.logsieve.evidence.LeaveOut;
import dev.logsieve.inference.InProcessBackend;
import dev.logsieve.inference.InferenceServer;
import dev.logsieve.inference.MessageEmbedder;
import dev.logsieve.job.LocalEnvironment;
import dev.logsieve.job.Models;
import dev.logsieve.job.Pipeline;
import dev.logsieve.llm.ContextRetrieval;
import dev.logsieve.llm.Knowledge;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.llm.LlmScorer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM member trained with retrieved context (FlexLog's RAG) in the job: a bundle whose
 * classifier takes the descriptions of a knowledge file ({@link LlmBundles#writeWithContext}),
 * scored in-process and through Triton's protocol, with the bundle's knowledge file, with another
 * one ({@code logsieve.llm.context}, {@code --context FILE}) and without one.
 */
class LlmContextStageTest {

    /** Descriptions of three of {@link LlmBundles#TEMPLATES}: a keyword, a regex, a keyword. */
    static final String KNOWLEDGE = """
            {"match": "PacketResponder", "text": "The PacketResponder thread of a DataNode acknowledges the packets of a block write pipeline and terminates once the block is complete."}
            {"match": "Exception in \\\\w+", "text": "A DataNode failed while receiving a block: the write pipeline broke, usually because the client or a peer DataNode went away; the NameNode re-replicates the block."}
            {"match": "Verification", "text": "The DataNode's block scanner read a replica and found it matches its stored checksum."}
            """;

    /** The same matches with other descriptions. */
    static final String OTHER_KNOWLEDGE = """
            {"match": "PacketResponder", "text": "A responder thread shut down normally; nothing to act on."}
            {"match": "Exception in \\\\w+", "text": "A Java exception was logged: read the stack trace that follows to find which call failed."}
            {"match": "Verification", "text": "A periodic integrity check of stored data passed."}
            """;

    @TempDir
    static Path dir;
    static Path knowledge;
    static Path otherKnowledge;
    static Path bundle;
    static InferenceServer server;

    @BeforeAll
    static void writeBundle() throws Exception {
        knowledge = Files.writeString(dir.resolve("knowledge.jsonl"), KNOWLEDGE);
        otherKnowledge = Files.writeString(dir.resolve("other-knowledge.jsonl"), OTHER_KNOWLEDGE);
        bundle = LlmBundles.writeWithContext(Files.createDirectories(dir.resolve("bundle")), knowledge);
        server = InferenceServer.open(LlmFiles.repository(bundle), 1).start(0);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Configuration conf() {
        Configuration c = new Configuration();
        c.set(LlmOptions.LLM_BATCH_SIZE, 8);
        c.set(LlmOptions.LLM_BATCH_WAIT, Duration.ofMillis(5));
        c.set(LlmOptions.LLM_EXPLAIN, false); // these tests are about the scores; explanations only cost time
        return c;
    }

    private static Map<String, Verdict> run(Path bundle, Configuration conf, List<LogSequence> input) throws Exception {
        StreamExecutionEnvironment env = LocalEnvironment.create(conf, RuntimeExecutionMode.BATCH, 1);
        DataStream<LogSequence> seqs = env.fromData(input, TypeInformation.of(LogSequence.class));
        Map<String, Verdict> out = new HashMap<>();
        try (CloseableIterator<Verdict> it = Pipeline.judge(seqs, null, conf, Models.open(bundle, conf), true).executeAndCollect()) {
            it.forEachRemaining(v -> out.put(v.key, v));
        }
        return out;
    }

    private static Map<String, Verdict> run(Configuration conf, List<LogSequence> input) throws Exception {
        return run(bundle, conf, input);
    }

    /** The LLM member's score (rescaled p_anomalous) in a verdict, checked to be one. */
    private static double llmScore(Verdict v) {
        assertThat(v.members).containsExactly("dt", "llm");
        assertThat(v.degraded).as(v.key + " degraded").isFalse();
        assertThat(v.votes[1]).as(v.key + " llm vote").isIn(Member.NORMAL, Member.ANOMALOUS);
        assertThat(v.scores[1]).as(v.key + " llm score").isBetween(0.0, 1.0);
        return v.scores[1];
    }

    /** Whether one of the sequence's messages hits a match of the knowledge files (both have the same matches). */
    private static boolean matches(LogSequence s) throws Exception {
        return !Knowledge.read(knowledge).matching(List.of(s.messages)).isEmpty();
    }

    @Test
    void eachSequenceGetsTheScoreTheBoundMemberGivesItWithItsContext() throws Exception {
        List<LogSequence> input = LlmBundles.sequences(100);
        Configuration explained = conf();
        explained.set(LlmOptions.LLM_EXPLAIN, true); // the default: anomalous votes name their messages
        Map<String, Verdict> job = run(explained, input);
        assertThat(job).hasSize(100);

        Ensemble ensemble = ModelBundle.read(bundle).ensemble();
        LlmMember llm = (LlmMember) ensemble.members().get(1);
        assertThat(llm.contextK()).isEqualTo(LlmBundles.CONTEXT_K);
        llm.bind(bundle);
        int explainedVotes = 0;
        try {
            for (LogSequence s : input) {
                Verdict v = job.get(s.key);
                // the member outside the job retrieves from the bundle's llm/knowledge.jsonl itself
                float p = llm.scorer().score(List.of(s.templateIds), Collections.singletonList(s.messages))[0];
                assertThat(llmScore(v)).as(s.key).isCloseTo(llm.scale(p), within(1e-5));
                assertThat(ensemble.judge(s.templateIds, s.messages).votes()).as(s.key).containsExactly(v.votes);
                if (v.label != Member.ANOMALOUS || v.votes[1] != Member.ANOMALOUS) {
                    continue; // evidence comes with anomalous verdicts; the LLM's part, with its anomalous votes
                }
                // without a template's lines the sequence also loses the descriptions those lines brought
                MemberReason reason = v.evidence.members[1];
                assertThat(reason.influences).as(s.key).isNotEmpty();
                for (MemberReason.Influence f : reason.influences) {
                    LeaveOut without = LeaveOut.of(s.templateIds, s.messages, llm.maxMessages()).stream()
                            .filter(l -> l.templateId() == f.templateId).findFirst().orElseThrow();
                    double alone = llm.score(without.templateIds(), without.messages(), Float.NaN, null);
                    assertThat(f.drop).as(s.key).isCloseTo(v.scores[1] - alone, within(1e-4));
                }
                explainedVotes++;
            }
        } finally {
            ensemble.close();
        }
        // the random classifier must not be trivially constant, or equality would prove little
        assertThat(job.values().stream().map(v -> v.votes[1]).distinct()).hasSize(2);
        assertThat(explainedVotes).as("anomalous verdicts with the LLM's reason checked").isGreaterThan(3);
    }

    @Test
    void anotherKnowledgeFileChangesTheScoresOfTheSequencesItDescribes() throws Exception {
        List<LogSequence> input = LlmBundles.sequences(120);
        Map<String, Verdict> own = run(conf(), input);
        Configuration c = conf();
        c.set(LlmOptions.LLM_CONTEXT, otherKnowledge.toString());
        Map<String, Verdict> other = run(c, input);
        assertThat(other.keySet()).isEqualTo(own.keySet());

        // each score is the one the member's models give with the other file's descriptions
        LlmMember llm = (LlmMember) ModelBundle.read(bundle).ensemble().members().get(1);
        LlmScorer.Retrieval retrieval = llm.retrieval(bundle, otherKnowledge);
        assertThat(retrieval.knowledge().entries()).isEqualTo(Knowledge.read(otherKnowledge).entries());
        List<long[]> ids = new ArrayList<>();
        List<String[]> messages = new ArrayList<>();
        input.forEach(s -> {
            ids.add(s.templateIds);
            messages.add(s.messages);
        });
        float[] p;
        // which sequences get no description from either file: none of their messages matches, and
        // no description is similar enough to one of them (the retrieval's second step)
        List<Boolean> undescribed = new ArrayList<>();
        try (InProcessBackend b = LlmFiles.openInProcess(bundle, llm.maxTokens(), 1)) {
            p = new LlmScorer(b, 1000, llm.maxMessages(), retrieval).score(ids, messages);
            MessageEmbedder encoder = texts -> b.embed(texts).join();
            ContextRetrieval ownContext = new ContextRetrieval(Knowledge.read(knowledge), LlmBundles.CONTEXT_K,
                    LlmBundles.CONTEXT_MIN_SIMILARITY, encoder);
            ContextRetrieval otherContext = new ContextRetrieval(retrieval.knowledge(), LlmBundles.CONTEXT_K,
                    LlmBundles.CONTEXT_MIN_SIMILARITY, encoder);
            for (LogSequence s : input) {
                List<String> m = List.of(s.messages);
                float[][] e = encoder.embed(m);
                undescribed.add(ownContext.context(m, e).length == 0 && otherContext.context(m, e).length == 0);
            }
        }

        int matching = 0;
        int unchanged = 0;
        for (int i = 0; i < input.size(); i++) {
            LogSequence s = input.get(i);
            double before = llmScore(own.get(s.key));
            double after = llmScore(other.get(s.key));
            assertThat(after).as(s.key + " with the other knowledge file").isCloseTo(llm.scale(p[i]), within(1e-5));
            if (matches(s)) {
                matching++;
                assertThat(Math.abs(after - before)).as(s.key + ": its messages match descriptions that changed")
                        .isGreaterThan(1e-5);
            }
            if (undescribed.get(i)) {
                unchanged++;
                assertThat(after).as(s.key + ": no description of either file concerns it").isCloseTo(before, within(1e-6));
            }
        }
        assertThat(matching).as("sequences with a described message").isGreaterThan(50);
        assertThat(unchanged).as("sequences neither file describes").isPositive();
    }

    @Test
    void aBundleWhoseKnowledgeFileIsGoneFailsTheJobAtStartNamingIt() throws Exception {
        Path copy = copyOf(bundle, dir.resolve("no-knowledge"));
        Files.delete(copy.resolve(LlmFiles.KNOWLEDGE));
        assertThatThrownBy(() -> run(copy, conf(), LlmBundles.sequences(10)))
                .as("no verdicts judged without the context the member was trained with")
                .hasStackTraceContaining("missing file " + LlmFiles.KNOWLEDGE);
        // what the command line says
        Path logs = Files.writeString(dir.resolve("gone.log"), "");
        assertThat(logsieve(1, "backfill", "--logs", logs.toString(), "--format", "hdfs", "--models", copy.toString(),
                "--out", dir.resolve("gone-out").toString()))
                .contains("logsieve backfill: the Flink job failed")
                .contains("model bundle " + copy + ": missing file " + LlmFiles.KNOWLEDGE);
        // another knowledge file does not make up for it: the bundle is incomplete (not "trained without context")
        assertThat(logsieve(1, "backfill", "--logs", logs.toString(), "--format", "hdfs", "--models", copy.toString(),
                "--out", dir.resolve("gone-out-2").toString(), "--context", otherKnowledge.toString()))
                .contains("model bundle " + copy + ": missing file " + LlmFiles.KNOWLEDGE)
                .doesNotContain("train it with");
    }

    @Test
    void aKnowledgeFileSettingThatNamesNoFileFailsTheJobAtStartNamingIt() throws Exception {
        Path missing = dir.resolve("no-such-knowledge.jsonl");
        Configuration c = conf();
        c.set(LlmOptions.LLM_CONTEXT, missing.toString());
        assertThatThrownBy(() -> run(c, LlmBundles.sequences(10)))
                .hasStackTraceContaining("no knowledge file " + missing);
    }

    @Test
    void verdictsThroughTritonsProtocolEqualTheInProcessOnes() throws Exception {
        List<LogSequence> input = LlmBundles.sequences(120);
        Map<String, Verdict> local = run(conf(), input);
        Configuration grpc = conf();
        grpc.set(LlmOptions.LLM_TRITON, "127.0.0.1:" + server.port());
        Map<String, Verdict> remote = run(grpc, input);

        assertThat(remote.keySet()).isEqualTo(local.keySet());
        for (String key : local.keySet()) {
            assertThat(llmScore(remote.get(key))).as(key).isCloseTo(llmScore(local.get(key)), within(1e-5));
            assertThat(remote.get(key).votes).as(key).containsExactly(local.get(key).votes);
            assertThat(remote.get(key).label).as(key).isEqualTo(local.get(key).label);
        }
        assertThat(local.values().stream().map(v -> v.votes[1]).distinct()).hasSize(2);
    }

    @Test
    void backfillRefusesAKnowledgeFileForABundleTrainedWithoutContext() throws Exception {
        Path plain = LlmBundles.write(Files.createDirectories(dir.resolve("plain")));
        Path logs = Files.writeString(dir.resolve("logs.log"), "");
        String[] base = {"backfill", "--logs", logs.toString(), "--format", "hdfs", "--out", dir.resolve("out").toString()};

        assertThat(backfill(base, "--models", plain.toString(), "--context", knowledge.toString()))
                .contains("Invalid value for option '--context'")
                .contains("no LLM member trained with retrieved context")
                .contains("train it with 'train --context FILE'");
        // and on a bundle trained with context, a file that is missing or no knowledge file
        Path missing = dir.resolve("missing.jsonl");
        assertThat(backfill(base, "--models", bundle.toString(), "--context", missing.toString()))
                .contains("Invalid value for option '--context'").contains("no such file: " + missing);
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"match\": \"PacketResponder\"}\n");
        assertThat(backfill(base, "--models", bundle.toString(), "--context", bad.toString()))
                .contains("Invalid value for option '--context'").contains(bad + " line 1");
    }

    /** Runs {@code logsieve backfill} with these arguments, expecting a bad option (exit code 2); what it printed. */
    private static String backfill(String[] base, String... more) {
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return logsieve(2, args);
    }

    /** Runs {@code logsieve} with these arguments, expecting this exit code; what it printed on standard error. */
    private static String logsieve(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        int code = Commands.execute(new JobMain(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isEqualTo(expectedCode);
        return err.toString();
    }

    private static Path copyOf(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
