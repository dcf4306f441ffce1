/**
 * Verdict revisions: a streaming sequence is judged again as it grows, and {@link
 * dev.logsieve.revision.Revisions} turns those judgements into numbered revisions per sequence key,
 * emitting one only when the verdict changed, marking the last {@code final}, and saying when an
 * alert is raised or resolved.
 */
package dev.logsieve.revision;
