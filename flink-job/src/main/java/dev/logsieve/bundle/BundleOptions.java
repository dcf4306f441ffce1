package dev.logsieve.bundle;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Which model bundle the job reads, and which of its members vote. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class BundleOptions {
    private BundleOptions() {}

    public static final ConfigOption<String> BUNDLE = ConfigOptions.key("logsieve.models")
            .stringType().noDefaultValue()
            .withDescription("Model bundle directory written by 'logsieve train', or its URI on a file system the "
                    + "cluster has (s3://, hdfs://): each TaskManager then copies it once.");

    public static final ConfigOption<List<String>> MEMBERS = ConfigOptions.key("logsieve.members")
            .stringType().asList().defaultValues()
            .withDescription("The bundle's members that vote (dt, knn, mlp, llm), e.g. 'llm' to measure the LLM member alone. Empty: all of the bundle's members.");
}
