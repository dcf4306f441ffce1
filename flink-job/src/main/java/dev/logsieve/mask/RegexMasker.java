package dev.logsieve.mask;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The reference masker: the LogLLM (Guan et al. 2024) masking regular expressions, compiled as
 * one {@link Pattern}. It is the <b>test oracle</b> for {@link LogMasker}, which must produce the
 * same output for every input; it is too slow for the hot path (see {@code MaskBenchmark}).
 *
 * <p>The reference is this Python 3 code, applied to a {@code str}:
 *
 * <pre>
 * text = re.sub(r'[\.]{3,}', '.. ', text)
 * return re.sub('|'.join(patterns), '&lt;*&gt;', text)
 * </pre>
 *
 * <p>{@link #PYTHON_PATTERNS} holds the Python patterns verbatim. Java and Python disagree on the
 * Unicode meaning of {@code \w}, {@code \s} and {@code \b} (and {@code \d} only by accident of
 * flags), so {@link #translate(String)} rewrites those four escapes into explicit Java classes that
 * match Python 3's {@code re} definitions; everything else is the same syntax with the same
 * (leftmost, first-alternative-wins, backtracking) semantics in both engines:
 *
 * <ul>
 *   <li>{@code \w}: Python matches {@code str.isalnum()} or {@code _}, which is exactly the general
 *       categories L* and N* plus {@code _} (checked over all code points for Python 3.11). Java's
 *       {@code \w} under {@link Pattern#UNICODE_CHARACTER_CLASS} differs: it adds combining marks
 *       (Mn, Mc, Me), connector punctuation (Pc) and the join controls, and drops No (e.g.
 *       {@code ²}, {@code ①}). Translated to {@code [\p{L}\p{N}_]}.
 *   <li>{@code \s}: Python adds U+001C..U+001F (information separators) to the Unicode
 *       White_Space set that Java uses. Translated to an explicit list ({@link #PY_SPACE}).
 *   <li>{@code \d}: both are the decimal digits, category Nd. Translated to {@code \p{Nd}} so the
 *       meaning does not depend on the compile flag.
 *   <li>{@code \b}: Java's word boundary has its own rules (it treats a non-spacing mark after a
 *       word character as part of the word, and uses Java's {@code \w}); translated to the
 *       lookaround {@code (?:(?<=W)(?!W)|(?<!W)(?=W))} over Python's word class W.
 * </ul>
 *
 * <p>Python works on code points, Java on UTF-16 chars. Java's classes and forward matching already
 * consume a whole surrogate pair, but a look-behind steps back one <i>char</i> and the match start
 * can land on a low surrogate unless the pattern text itself contains a supplementary character.
 * The word class therefore carries the literal U+10000 (LINEAR B SYLLABLE B008 A, a letter, so
 * the class is unchanged): that makes {@link Pattern} use its supplementary-aware look-behind and
 * start nodes.
 *
 * <p>Known remaining divergence: Java 17's tables are Unicode 13, Python 3.11's are Unicode 14;
 * characters assigned in between may classify differently. Unpaired surrogates cannot occur in a
 * Python {@code str} decoded from UTF-8; here they are neither word, digit nor space characters.
 *
 * <p>Thread-safe and stateless.
 */
public final class RegexMasker {

    /** The LogLLM patterns exactly as written in the Python reference, in priority order. */
    public static final List<String> PYTHON_PATTERNS = List.of(
            "True", "true", "False", "false",
            "\\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
                    + "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
                    + "|eighty|ninety|hundred|thousand|million|billion)\\b",
            "\\b(Mon|Monday|Tue|Tuesday|Wed|Wednesday|Thu|Thursday|Fri|Friday|Sat|Saturday|Sun|Sunday)\\b",
            "\\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?"
                    + "|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\s+(\\d{1,2})\\s+\\b",
            "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(:\\d{1,5})?",
            "([0-9A-Fa-f]{2}:){11}[0-9A-Fa-f]{2}",
            "([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}",
            "[a-zA-Z0-9]*[:\\.]*([/\\\\]+[^/\\\\\\s\\[\\]]+)+[/\\\\]*",
            "\\b[0-9a-fA-F]{8}\\b", "\\b[0-9a-fA-F]{10}\\b",
            "(\\w+[\\w\\.]*)@(\\w+[\\w\\.]*)\\-(\\w+[\\w\\.]*)",
            "(\\w+[\\w\\.]*)@(\\w+[\\w\\.]*)",
            "[a-zA-Z\\.\\:\\-\\_]*\\d[a-zA-Z0-9\\.\\:\\-\\_]*");

    /** What a match is replaced with. */
    public static final String MASK = "<*>";

    /** Makes Pattern supplementary-aware; a letter, so adding it to the word class changes nothing. */
    private static final String SUPPLEMENTARY_LETTER = new String(Character.toChars(0x10000));

    /** Body of a character class equal to Python's {@code \w} (categories L*, N*, and '_'). */
    static final String PY_WORD = "\\p{L}\\p{N}_" + SUPPLEMENTARY_LETTER;

    /** Body of a character class equal to Python's {@code \s} ({@code str.isspace()}). */
    static final String PY_SPACE = "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
            + "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

    /** Body of a character class equal to Python's {@code \d} (category Nd). */
    static final String PY_DIGIT = "\\p{Nd}";

    /** Python's {@code \b}: a word character on exactly one side. */
    static final String PY_BOUNDARY = "(?:(?<=[" + PY_WORD + "])(?![" + PY_WORD + "])|(?<![" + PY_WORD
            + "])(?=[" + PY_WORD + "]))";

    private static final Pattern DOTS = Pattern.compile("[\\.]{3,}");

    private static final Pattern COMBINED =
            Pattern.compile(translate(String.join("|", PYTHON_PATTERNS)), Pattern.UNICODE_CHARACTER_CLASS);

    private RegexMasker() {}

    /** Masks one message: runs of three or more dots become {@code ".. "}, then every match {@code <*>}. */
    public static String mask(String text) {
        String collapsed = DOTS.matcher(text).replaceAll(".. ");
        return COMBINED.matcher(collapsed).replaceAll(MASK);
    }

    /**
     * Rewrites a Python {@code re} pattern into a Java one with the same meaning, by replacing
     * {@code \w}, {@code \s}, {@code \d} (inside or outside a character class) and {@code \b}
     * (outside) with the explicit Python definitions above. Other escapes are copied unchanged.
     */
    static String translate(String python) {
        StringBuilder out = new StringBuilder(python.length() * 4);
        boolean inClass = false;
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char e = python.charAt(++i);
                switch (e) {
                    case 'w' -> out.append(inClass ? PY_WORD : "[" + PY_WORD + "]");
                    case 's' -> out.append(inClass ? PY_SPACE : "[" + PY_SPACE + "]");
                    case 'd' -> out.append(inClass ? PY_DIGIT : "[" + PY_DIGIT + "]");
                    case 'b' -> {
                        if (inClass) {
                            throw new IllegalArgumentException("\\b inside a character class: " + python);
                        }
                        out.append(PY_BOUNDARY);
                    }
                    default -> out.append('\\').append(e);
                }
            } else {
                if (c == '[' && !inClass) {
                    inClass = true;
                    out.append(c);
                    // a ']' (or '^]') right after '[' is a literal in both dialects; the patterns have none
                    continue;
                }
                if (c == ']' && inClass) {
                    inClass = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
