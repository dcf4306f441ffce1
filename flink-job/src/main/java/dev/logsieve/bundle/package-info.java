/**
 * The model bundle: one directory with a {@code manifest.json} (provenance: versions, training data
 * fingerprint, settings, counts), the training {@code vocabulary.json} and one serialized file per
 * ensemble member. {@link dev.logsieve.bundle.ModelBundle} writes and reads it;
 * {@link dev.logsieve.bundle.Manifest} is the manifest.
 */
package dev.logsieve.bundle;
