package dev.logsieve.training;

import java.io.Writer;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code logsieve adfa-knowledge}: the system-call knowledge file for ADFA-LD ({@link SyscallKnowledge}). */
@Command(name = "adfa-knowledge", mixinStandardHelpOptions = true,
        header = "Write a knowledge file describing ADFA-LD's system calls, from this machine's own sources.",
        description = "Write a knowledge file (JSON lines {\"match\": name, \"text\": description}) for the 32-bit x86 "
            + "system calls, from the system-call table of Debian's linux-libc-dev and the NAME and DESCRIPTION of "
            + "the section 2 pages of Debian's manpages-dev (apt-get install linux-libc-dev manpages-dev). "
            + "Nothing is downloaded.")
public class KnowledgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The knowledge file to write")
    Path out;

    @Option(names = "--unistd", paramLabel = "FILE", description = "The 32-bit system-call table (default: ${DEFAULT-VALUE})")
    Path unistd = SyscallKnowledge.UNISTD_32;

    @Option(names = "--man2", paramLabel = "DIR", description = "The section 2 manual pages (default: ${DEFAULT-VALUE})")
    Path man2 = SyscallKnowledge.MAN2;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(unistd)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--unistd': no such file: " + unistd
                    + " (Debian's package linux-libc-dev has it)");
        }
        if (!Files.isDirectory(man2)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--man2': no such folder: " + man2
                    + " (Debian's package manpages-dev has it)");
        }
        List<SyscallKnowledge.Entry> entries = SyscallKnowledge.entries(unistd, man2);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        int written;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            written = SyscallKnowledge.write(entries, w);
        }
        List<String> missing = entries.stream().filter(e -> e.text().isEmpty()).map(SyscallKnowledge.Entry::name).toList();
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "adfa-knowledge: %d system calls in %s, %d described from %s -> %s%n", entries.size(), unistd,
                written, man2, out);
        if (!missing.isEmpty()) {
            err.printf(Locale.ROOT, "adfa-knowledge: %d without a section 2 page, left out: %s%s%n", missing.size(),
                    String.join(", ", missing.subList(0, Math.min(20, missing.size()))), missing.size() > 20 ? ", ..." : "");
        }
        return 0;
    }
}
