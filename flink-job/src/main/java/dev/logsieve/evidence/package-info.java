/**
 * Why a verdict is anomalous. {@link dev.logsieve.evidence.Evidence} names the lines whose templates
 * training says are unusual (never seen, seen only in anomalous sequences, rare), from the bundle's
 * template counts ({@link dev.logsieve.bundle.TemplateStats}); {@link dev.logsieve.evidence.MemberReasons}
 * gives each member's reason in its own terms (the tree's path, KNN's nearest training sequences,
 * the templates whose lines move the MLP's or the LLM's score most when left out, {@link
 * dev.logsieve.evidence.LeaveOut}).
 */
package dev.logsieve.evidence;
