package dev.logsieve.cli;

import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.inference.TritonSettings;
import dev.logsieve.llm.Knowledge;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.scoring.LlmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which of the bundle's members vote and where the LLM member's models run: shared by backfill and stream. */
public class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--members", split = ",", paramLabel = "NAMES",
            description = "The bundle's members that vote, e.g. 'llm' to run the LLM member alone (default: all of the bundle's)")
    List<String> members = new ArrayList<>();

    @Option(names = "--triton", paramLabel = "HOST:PORT",
            description = "Triton Inference Server (gRPC port, usually 8001) serving the bundle's triton/ folder; "
                + "default: the LLM member runs in-process on ONNX Runtime")
    String triton;

    @Option(names = "--context", paramLabel = "FILE",
            description = "Knowledge file (JSON lines {\"match\", \"text\"}) the LLM member retrieves each sequence's "
                + "context from, in place of the one it was trained with; only for a member trained with --context")
    Path context;

    /** Checks the options against the bundle's manifest and sets them in {@code conf}. */
    public void apply(Configuration conf, Path bundle) {
        Manifest manifest;
        try {
            manifest = ModelBundle.readManifest(bundle);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--models': " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        for (String m : members) {
            String name = m.trim().toLowerCase(Locale.ROOT);
            if (!manifest.members.contains(name)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--members': the bundle "
                        + bundle + " has no member '" + m + "'; it has " + String.join(",", manifest.members));
            }
            names.add(name);
        }
        if (!names.isEmpty()) {
            conf.set(BundleOptions.MEMBERS, names);
        }
        if (triton != null) {
            try {
                TritonSettings.parse(triton);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--triton': " + e.getMessage());
            }
            conf.set(LlmOptions.LLM_TRITON, triton);
        }
        if (context != null) {
            // Whether the member was trained with context is what the bundle was written with (its manifest
            // lists the knowledge file then), not whether the file is there now: a bundle that lost it is
            // incomplete, and the job says so when it starts (it checks the bundle's files).
            if (manifest.files == null || !manifest.files.containsKey(LlmFiles.KNOWLEDGE)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--context': the bundle "
                        + bundle + " has no LLM member trained with retrieved context (no " + LlmFiles.KNOWLEDGE
                        + "); train it with 'train --context FILE'");
            }
            try {
                Knowledge.read(context);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--context': "
                        + (Files.isRegularFile(context) ? e.getMessage() : "no such file: " + context));
            }
            conf.set(LlmOptions.LLM_CONTEXT, context.toAbsolutePath().toString());
        }
    }
}
