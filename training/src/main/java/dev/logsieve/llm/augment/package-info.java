/**
 * Training-time augmentations of the LLM member's classifier: each one is a
 * {@link dev.logsieve.llm.train.ClassifierTrainer.Augmentation} that rewrites a training sequence of
 * message embeddings before the trainer sees it, so that the member judges logs that have moved on
 * since training (DESIGN section 6; BENCHMARKS.md has what each one does to BGL's later windows).
 *
 * <ul>
 *   <li>{@link dev.logsieve.llm.augment.TemplateVariants} – edited wordings of templates (words
 *       inserted, deleted, replaced, swapped, phrases added) and unfamiliar messages made of phrases
 *       of normal templates; texts, which the caller embeds with the member's encoder.
 *   <li>{@link dev.logsieve.llm.augment.TemplateDrift} – swaps templates for one of their edited
 *       wordings: a reworded message means what it meant.
 *   <li>{@link dev.logsieve.llm.augment.UnfamiliarNormals} – swaps templates of normal sequences
 *       for unfamiliar messages: a message never seen is not by itself a sign of trouble.
 *   <li>{@link dev.logsieve.llm.augment.EvidenceTransplant} – plants a few messages of an anomalous
 *       sequence into a normal one, which then counts as anomalous: a handful of failure messages
 *       make a sequence anomalous whatever surrounds them.
 * </ul>
 *
 * Messages are recognised by identity: the trainer's examples share one {@code float[]} per
 * template, and the augmentations map those arrays to replacements. All draw only from the
 * {@link java.util.Random} they are given, so training stays reproducible.
 */
package dev.logsieve.llm.augment;
