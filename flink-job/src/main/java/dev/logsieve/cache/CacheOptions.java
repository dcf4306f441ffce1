package dev.logsieve.cache;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The verdict cache's settings, typed. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class CacheOptions {
    private CacheOptions() {}

    public static final ConfigOption<Boolean> CACHE_ENABLED = ConfigOptions.key("logsieve.cache.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Answer a template-id sequence judged before from the verdict cache.");

    public static final ConfigOption<Duration> CACHE_TTL = ConfigOptions.key("logsieve.cache.ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("Streaming: a cached verdict not read or written for this long is removed.");

    public static final ConfigOption<Duration> CACHE_RECHECK = ConfigOptions.key("logsieve.cache.recheck-after")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Streaming, with the LLM member: how long repeats of a sequence skip the LLM stage because "
                    + "the cache will answer them, before one is sent through again. Bounds how long a sequence first "
                    + "judged while the LLM member could not answer (degraded, not cached) keeps being judged without it.");
}
