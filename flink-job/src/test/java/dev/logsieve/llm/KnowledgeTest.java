package dev.logsieve.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeTest {

    @TempDir
    Path dir;

    static final Knowledge KNOWLEDGE = new Knowledge(List.of(
            new Knowledge.Entry("close", "close: close a file descriptor."),
            new Knowledge.Entry("closedir", "closedir: close a directory."),
            new Knowledge.Entry("blk_<\\*> (terminating|Exception)", "a DataNode stopped serving a block."),
            new Knowledge.Entry("execve", "execve: execute program."),
            new Knowledge.Entry("EXECVE", "execve: execute program."),
            new Knowledge.Entry("socketcall", "socketcall: socket system calls.")));

    @Test
    void keywordsHitWholeWordsIgnoringCaseAndRegexesHitAnywhere() {
        assertThat(KNOWLEDGE.matching(List.of("syscall CLOSE"))).extracting(Knowledge.Entry::match).containsExactly("close");
        assertThat(KNOWLEDGE.matching(List.of("syscall closedir"))).extracting(Knowledge.Entry::match)
                .containsExactly("closedir");
        assertThat(KNOWLEDGE.matching(List.of("PacketResponder blk_<*> terminating", "syscall close")))
                .extracting(Knowledge.Entry::match).containsExactly("blk_<\\*> (terminating|Exception)", "close");
        assertThat(KNOWLEDGE.matching(List.of("nothing here"))).isEmpty();
    }

    @Test
    void retrievalTakesMatchesFirstThenTheNearestByEmbeddingEachDescriptionOnce() {
        float[][] entries = {{1, 0, 0}, {0.8f, 0.6f, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 0}, {0.6f, 0.8f, 0}};
        float[][] messages = {{0, 1, 0}};
        // "execve" matches twice (keyword in two cases) but its description comes once.
        List<Knowledge.Entry> got = KNOWLEDGE.retrieve(List.of("syscall execve"), messages, entries, 3, 0.5);
        assertThat(got).extracting(Knowledge.Entry::match).containsExactly("execve", "socketcall", "closedir");
        assertThat(KNOWLEDGE.retrieve(List.of("syscall execve"), messages, entries, 1, 0.5))
                .extracting(Knowledge.Entry::match).containsExactly("execve");
        assertThat(KNOWLEDGE.retrieve(List.of("syscall execve"), messages, entries, 5, 0.7))
                .extracting(Knowledge.Entry::match).containsExactly("execve", "socketcall"); // closedir: 0.6
        assertThat(KNOWLEDGE.retrieve(List.of("syscall execve"), messages, entries, 5, 0.9))
                .extracting(Knowledge.Entry::match).containsExactly("execve");
        assertThat(KNOWLEDGE.retrieve(List.of("syscall execve"), null, null, 5, 0)).hasSize(1);
        assertThat(KNOWLEDGE.retrieve(List.of("syscall execve"), messages, entries, 0, 0)).isEmpty();
    }

    @Test
    void readsAKnowledgeFileAndNamesTheLineThatIsWrong() throws Exception {
        Path good = Files.writeString(dir.resolve("k.jsonl"), "{\"match\": \"close\", \"text\": \"close a file descriptor\"}\n\n"
                + "{\"match\": \"blk_[0-9]+ (x|y)\", \"text\": \"a block\"}\n");
        assertThat(Knowledge.read(good).entries()).containsExactly(new Knowledge.Entry("close", "close a file descriptor"),
                new Knowledge.Entry("blk_[0-9]+ (x|y)", "a block"));

        Path notJson = Files.writeString(dir.resolve("a.jsonl"), "{\"match\": \"a\", \"text\": \"b\"}\nclose: a file\n");
        assertThatThrownBy(() -> Knowledge.read(notJson)).hasMessageContaining("a.jsonl line 2: not JSON");
        Path noText = Files.writeString(dir.resolve("b.jsonl"), "{\"match\": \"a\"}\n");
        assertThatThrownBy(() -> Knowledge.read(noText)).hasMessageContaining("b.jsonl line 1: expected {\"match\"");
        Path badRegex = Files.writeString(dir.resolve("c.jsonl"), "{\"match\": \"blk_(\", \"text\": \"b\"}\n");
        assertThatThrownBy(() -> Knowledge.read(badRegex)).hasMessageContaining("c.jsonl line 1: 'blk_(' is neither a keyword nor a regex");
    }
}
