package dev.logsieve.cli;

import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.inference.TritonSettings;
import dev.logsieve.scoring.LlmOptions;
import java.io.IOException;
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
    }
}
