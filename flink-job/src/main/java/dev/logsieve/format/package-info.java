/**
 * Input formats: turning one raw line into a {@link dev.logsieve.event.LogRecord} (event time, level,
 * component, message, session keys, label), and reading the labels that come beside the logs.
 *
 * <ul>
 *   <li>{@link dev.logsieve.format.LineFormat} is the contract; {@link dev.logsieve.format.Formats}
 *       finds an implementation by its command-line name and {@link dev.logsieve.format.FormatOptions}
 *       carries the options of the {@code custom} format.
 *   <li>Built-in formats, hand-written for speed (no regex, no date formatter, one pass over the
 *       line): {@link dev.logsieve.format.HdfsFormat} ({@code hdfs}) and
 *       {@link dev.logsieve.format.SupercomputerFormat} ({@code bgl}, {@code thunderbird},
 *       {@code liberty}, {@code spirit}).
 *   <li>{@link dev.logsieve.format.CustomFormat} ({@code custom}): a format string in loghub's
 *       {@code <Field>} notation, compiled once to a regex the way loghub does it (by
 *       {@link dev.logsieve.format.CustomFormatCompiler}); {@code CustomFormat} itself is the
 *       per-line parser.
 *   <li>{@link dev.logsieve.format.SequenceFormat} ({@code sequences}): JSON lines where one line is a
 *       whole sequence.
 *   <li>{@link dev.logsieve.format.SessionLabels}: per-session labels files such as HDFS's
 *       {@code anomaly_label.csv}.
 * </ul>
 *
 * A line that does not fit its format throws {@link dev.logsieve.format.MalformedLineException} with a
 * reason a person can act on (it goes to the dead-letter output); no other exception escapes a
 * parser, whatever the input. Parsers leave {@code source} and {@code lineNumber} of the record unset:
 * the caller fills them.
 */
package dev.logsieve.format;
