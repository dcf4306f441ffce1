/**
 * Message masking: turns a raw log message into its template by replacing the variable parts
 * (numbers, identifiers, addresses, paths, dates, booleans...) with {@code <*>}, following LogLLM
 * (Guan et al. 2024), and names each template with a stable 64-bit id.
 *
 * <ul>
 *   <li>{@link dev.logsieve.mask.LogMasker} – the masker the job uses on every line: a hand-written
 *       single-pass scanner, no regular expressions.
 *   <li>{@link dev.logsieve.mask.RegexMasker} – the LogLLM regular expressions with Python 3
 *       semantics; the specification and test oracle that {@code LogMasker} must equal exactly.
 *   <li>{@link dev.logsieve.mask.TemplateIds} – FNV-1a 64 over the UTF-8 bytes of a masked
 *       message, reproducible by other programs.
 * </ul>
 */
package dev.logsieve.mask;
