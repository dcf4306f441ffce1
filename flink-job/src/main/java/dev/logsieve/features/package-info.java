/**
 * Per-sequence features for the ensemble members: the training {@link dev.logsieve.features.Vocabulary}
 * of templates (template id -> column, with the template text for explanation) and the
 * {@link dev.logsieve.features.FeatureExtractor} that turns a sequence of template ids into template
 * counts over that vocabulary plus one column counting unseen templates (FlexLog, Hadadi et al. 2025);
 * and the semantic fallback ({@link dev.logsieve.features.TemplateFallback}) that lets a template
 * training never saw count as the known template it most resembles (LogRobust, Zhang et al. 2019).
 */
package dev.logsieve.features;
