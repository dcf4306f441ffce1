package dev.logsieve.bundle;

import dev.logsieve.ensemble.Ensemble;

/** A model bundle read back: the ready-to-use ensemble and its manifest. */
public record LoadedBundle(Ensemble ensemble, Manifest manifest) {}
