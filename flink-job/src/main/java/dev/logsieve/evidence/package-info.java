/**
 * Why a verdict is anomalous, in terms of its lines: {@link dev.logsieve.evidence.Evidence} names the
 * lines whose templates training says are unusual (never seen, seen only in anomalous sequences,
 * rare), from the bundle's template counts ({@link dev.logsieve.bundle.TemplateStats}).
 */
package dev.logsieve.evidence;
