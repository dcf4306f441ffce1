package dev.logsieve.bundle;

import java.io.IOException;

/** A model bundle that cannot be used: a missing or corrupt file, or another format version. */
public class BundleException extends IOException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
