package dev.logsieve.training;

import dev.logsieve.event.LogSequence;
import dev.logsieve.mask.TemplateIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * ADFA-LD system-call traces ({@code adfa_ld_traces.tsv.gz}: split, family, attack instance, file,
 * label, call count, calls) as sequences: one trace is one sequence and each system call is one
 * event. A call number is already an event id, so no masking applies: the event's template is
 * {@code "syscall NAME"} (the name from the 32-bit x86 system-call table,
 * {@link SyscallKnowledge#table}, which the traces were recorded with), or {@code "syscall N"} for
 * a number the table lacks or without a table, and its id the template's {@link TemplateIds hash},
 * as for log templates. Names give the LLM member words to read and its retrieved context a
 * keyword to match; numbers and names map one to one, so the other members see the same events.
 */
public final class AdfaTraces {

    /** One trace and where it belongs. */
    public static final class Trace {
        public final String split;
        public final String family;
        public final LogSequence sequence;

        Trace(String split, String family, LogSequence sequence) {
            this.split = split;
            this.family = family;
            this.sequence = sequence;
        }
    }

    private AdfaTraces() {}

    /** The traces with numbers for messages ({@code "syscall N"}). */
    public static List<Trace> read(Path tsv) throws IOException {
        return read(tsv, java.util.Map.of());
    }

    /** The traces, each call named from {@code names} (number to name) where it has the number. */
    public static List<Trace> read(Path tsv, java.util.Map<Integer, String> names) throws IOException {
        List<Trace> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(tsv);
             InputStream in = tsv.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.startsWith("split\tfamily")) {
                throw new IOException(tsv + ": not an ADFA-LD traces file (expected a 'split\\tfamily...' header)");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IOException(tsv + " line " + n + ": expected 7 tab-separated fields, found " + f.length);
                }
                String[] calls = f[6].trim().split(" +");
                long[] ids = new long[calls.length];
                String[] messages = new String[calls.length];
                for (int i = 0; i < calls.length; i++) {
                    messages[i] = "syscall " + name(calls[i], names);
                    ids[i] = TemplateIds.of(messages[i]);
                }
                int label = Integer.parseInt(f[4]);
                // the traces carry no time: every one starts at 0, so that nothing orders them by time
                // (training's validation part is then a random share, not the file's last lines)
                out.add(new Trace(f[0], f[1], new LogSequence(f[3], 0, 0, ids, messages, label)));
            }
        }
        return out;
    }

    private static String name(String number, java.util.Map<Integer, String> names) {
        try {
            return names.getOrDefault(Integer.parseInt(number), number);
        } catch (NumberFormatException e) {
            return number;
        }
    }
}
