package dev.logsieve.event;

/** Input that could not be used, kept with where it came from and why. Nothing is dropped silently. */
public class DeadLetter {
    public String source;
    public long lineNumber;
    /** What was wrong, for a person to read: "no timestamp", "late by 12 s", ... */
    public String reason;
    /** The line as text (invalid UTF-8 replaced), cut to {@link #MAX_KEPT_CHARS}. */
    public String line;
    /** The length of the original line in bytes, so a cut line can be recognised. */
    public int bytes;
    /**
     * The record's original bytes where the input kept them (Kafka), for replay; the Kafka dead-letter
     * topic carries them as the record value. Not written to JSON (the file has the line).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public byte[] original;
    /**
     * The original bytes in base64, only for a line that was not valid UTF-8 (its text cannot show
     * them); absent from the JSON otherwise.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("original_base64")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public String originalBase64;

    /** Lines longer than this are kept only in part in the dead-letter output. */
    public static final int MAX_KEPT_CHARS = 4096;

    public DeadLetter() {}

    public DeadLetter(String source, long lineNumber, String reason, String line, int bytes) {
        this.source = source;
        this.lineNumber = lineNumber;
        this.reason = reason;
        this.line = line != null && line.length() > MAX_KEPT_CHARS ? line.substring(0, MAX_KEPT_CHARS) : line;
        this.bytes = bytes;
    }
}
