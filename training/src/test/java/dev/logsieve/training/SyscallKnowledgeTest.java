package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallKnowledgeTest {

    @TempDir
    Path dir;

    /** A page as manpages-dev writes it: copyright comments, roff markup, gzip. */
    static final String CLOSE = String.join("\n",
            ".\\\" Copyright (C) 1992 Drew Eckhardt;",
            ".TH close 2 2022-10-30 \"Linux man-pages 6.03\"",
            ".SH NAME",
            "close \\- close a file descriptor",
            ".SH SYNOPSIS",
            ".nf",
            ".BI \"int close(int \" fd );",
            ".fi",
            ".SH DESCRIPTION",
            ".BR close ()",
            "closes a file descriptor, so that it no longer refers to any file and",
            "may be reused.",
            "Any record locks (see",
            ".BR fcntl (2))",
            "are removed.",
            ".PP",
            "More.", "");

    Path man2() throws IOException {
        Path man = Files.createDirectories(dir.resolve("man2"));
        gzip(man.resolve("close.2.gz"), CLOSE);
        gzip(man.resolve("fstat.2.gz"), ".so man2/stat.2\n");
        Files.writeString(man.resolve("stat.2"), String.join("\n", ".TH stat 2", ".SH NAME",
                "stat, fstat \\- get file status", ".SH DESCRIPTION", "These functions return information about a file,"
                        + " in the buffer pointed to by", ".IR statbuf \"\\[em]see below.\"", ""));
        return man;
    }

    static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    Path unistd() throws IOException {
        return Files.writeString(dir.resolve("unistd_32.h"), String.join("\n", "#ifndef _ASM_UNISTD_32_H",
                "#define _ASM_UNISTD_32_H", "#define __NR_close 6", "#define __NR_fstat 108", "#define __NR_ftime 35",
                "#endif", ""));
    }

    @Test
    void eachCallWithAPageBecomesOneLineOfNameSummaryAndFirstSentence() throws Exception {
        List<SyscallKnowledge.Entry> entries = SyscallKnowledge.entries(unistd(), man2());
        assertThat(entries).extracting(SyscallKnowledge.Entry::number).containsExactly(6, 35, 108);
        StringWriter out = new StringWriter();
        assertThat(SyscallKnowledge.write(entries, out)).isEqualTo(2);
        List<String> lines = out.toString().lines().toList();
        ObjectMapper json = new ObjectMapper();
        JsonNode close = json.readTree(lines.get(0));
        assertThat(close.get("match").asText()).isEqualTo("close");
        assertThat(close.get("text").asText()).isEqualTo("close: close a file descriptor. close() closes a file "
                + "descriptor, so that it no longer refers to any file and may be reused.");
        JsonNode fstat = json.readTree(lines.get(1)); // through the .so redirection to stat.2
        assertThat(fstat.get("match").asText()).isEqualTo("fstat");
        assertThat(fstat.get("text").asText()).isEqualTo("fstat: get file status. These functions return information"
                + " about a file, in the buffer pointed to by statbuf-see below.");
        assertThat(entries.get(1).text()).as("ftime has no page here").isEmpty();
    }

    @Test
    void aFileThatIsNoSystemCallTableIsRefused() throws Exception {
        Path notATable = Files.writeString(dir.resolve("stdio.h"), "#define EOF (-1)\n");
        assertThatThrownBy(() -> SyscallKnowledge.table(notATable)).hasMessageContaining("not a unistd_32.h");
    }

    /** On Debian's own files (linux-libc-dev, manpages-dev), the calls ADFA-LD's traces use most. */
    @Test
    void debiansSourcesDescribeTheCallsAdfaLdUsesMost() throws Exception {
        assumeTrue(Files.isRegularFile(SyscallKnowledge.UNISTD_32) && Files.isRegularFile(SyscallKnowledge.MAN2
                .resolve("read.2.gz")), "linux-libc-dev and manpages-dev are not installed");
        Map<Integer, String> table = SyscallKnowledge.table(SyscallKnowledge.UNISTD_32);
        assertThat(table).containsEntry(3, "read").containsEntry(6, "close").containsEntry(11, "execve")
                .containsEntry(102, "socketcall").containsEntry(192, "mmap2");
        List<SyscallKnowledge.Entry> entries = SyscallKnowledge.entries(SyscallKnowledge.UNISTD_32, SyscallKnowledge.MAN2);
        assertThat(entries.stream().filter(e -> e.text().isPresent()).count()).isGreaterThan(entries.size() * 8 / 10);
        assertThat(entries).filteredOn(e -> e.number() == 3).singleElement()
                .satisfies(e -> assertThat(e.text().orElseThrow()).startsWith("read: read from a file descriptor. ")
                        .doesNotContain("\\f", ".BR", "\\-"));
        assertThat(entries).allSatisfy(e -> assertThat(e.text().orElse("")).doesNotContain("\\[", "\\(", "\\f")
                .hasSizeLessThanOrEqualTo(SyscallKnowledge.MAX_TEXT + 4));
    }

    @Test
    void theCommandNamesAMissingSource() throws Exception {
        CommandLineTest.Run r = CommandLineTest.run("adfa-knowledge", "--out", dir.resolve("k.jsonl").toString(), "--unistd",
                dir.resolve("none.h").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--unistd").contains("linux-libc-dev");
        r = CommandLineTest.run("adfa-knowledge", "--out", dir.resolve("k.jsonl").toString(), "--unistd",
                unistd().toString(), "--man2", man2().toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("k.jsonl"))).hasSize(2);
        assertThat(r.err()).contains("3 system calls", "2 described", "1 without a section 2 page, left out: ftime");
    }
}
