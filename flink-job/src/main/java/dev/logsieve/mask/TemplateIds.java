package dev.logsieve.mask;

/**
 * Stable 64-bit ids for message templates (masked messages).
 *
 * <p>The id is <b>FNV-1a 64</b> over the UTF-8 bytes of the template, so any program can
 * reproduce it:
 *
 * <pre>
 * hash = 0xcbf29ce484222325                     (offset basis)
 * for each byte b of UTF-8(template):
 *     hash = hash XOR b                          (b as an unsigned value 0..255)
 *     hash = hash * 0x100000001b3  mod 2^64      (FNV prime)
 * </pre>
 *
 * <p>The result is read as a signed Java {@code long} (the same 64 bits). UTF-8 is that of
 * {@code String.getBytes(StandardCharsets.UTF_8)}: an unpaired surrogate encodes as {@code '?'}.
 * The bytes are produced on the fly; nothing is allocated. Known values:
 * {@code of("") == 0xcbf29ce484222325L}, {@code of("a") == 0xaf63dc4c8601ec8cL}.
 */
public final class TemplateIds {

    /** FNV-1a 64 offset basis. */
    public static final long OFFSET_BASIS = 0xcbf29ce484222325L;

    /** FNV-1a 64 prime. */
    public static final long PRIME = 0x100000001b3L;

    private TemplateIds() {}

    /** The id of a template: FNV-1a 64 of its UTF-8 bytes. */
    public static long of(String template) {
        long h = OFFSET_BASIS;
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >>> 6))) * PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(template.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, template.charAt(++i));
                h = (h ^ (0xF0 | (cp >>> 18))) * PRIME;
                h = (h ^ (0x80 | ((cp >>> 12) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * PRIME;
            } else if (Character.isSurrogate(c)) {
                h = (h ^ '?') * PRIME; // unpaired surrogate: the JDK encoder's replacement
            } else {
                h = (h ^ (0xE0 | (c >>> 12))) * PRIME;
                h = (h ^ (0x80 | ((c >>> 6) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
            }
        }
        return h;
    }
}
