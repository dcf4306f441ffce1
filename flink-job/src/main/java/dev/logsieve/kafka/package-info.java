/**
 * Streaming on Kafka: raw lines from an input topic, verdicts as JSON to an output topic with
 * exactly-once transactions, unusable records byte for byte to a dead-letter topic, and label
 * corrections from a corrections topic into the verdict cache. {@link dev.logsieve.kafka.KafkaOptions}
 * holds every setting; {@link dev.logsieve.kafka.StreamJob} wires the job, which tests run with their
 * own sources and sinks.
 */
package dev.logsieve.kafka;
