package dev.logsieve.mask;

/**
 * The production masker: replaces the variable parts of a log message with {@code <*>} in one
 * left-to-right pass, without {@code java.util.regex}. Its output is exactly that of
 * {@link RegexMasker} (the LogLLM patterns with Python 3 semantics) for every input; the
 * differential tests check this on real logs and on random strings.
 *
 * <h2>How it works</h2>
 *
 * First, runs of three or more dots become {@code ".. "} (the reference's pre-pass; rare, so it
 * is a separate pass only when {@code "..."} occurs). Then, at each position, the alternatives are
 * tried in the reference's priority order and the first that matches wins; a match is replaced and
 * the scan resumes after it, otherwise it moves on one character. Each alternative of the
 * reference, once its backtracking is worked out, has a single possible match at a given position,
 * which the {@code match*} methods below compute directly (their Javadoc says why):
 *
 * <ol>
 *   <li>{@code True|true|False|false} – literals, no boundaries.
 *   <li>number words, weekdays – {@code \b(word|...)\b}: the whole run of ASCII letters starting
 *       at a word start, if it is one of the words and is not followed by another word character.
 *   <li>month-day – {@code \b(Jan(?:uary)?|...)\s+(\d{1,2})\s+\b}.
 *   <li>IPv4 with optional port, MAC addresses of 12 and 6 bytes.
 *   <li>paths – {@code [a-zA-Z0-9]*[:\.]*([/\\]+[^/\\\s\[\]]+)+[/\\]*}.
 *   <li>8 and 10 hex digits between word boundaries.
 *   <li>{@code user@host-x} and {@code user@host} (with Unicode {@code \w}).
 *   <li>a word with a digit – {@code [a-zA-Z.:\-_]*\d[a-zA-Z0-9.:\-_]*}.
 * </ol>
 *
 * <p>A table says which alternatives can start at an ASCII character, so spaces and most
 * punctuation cost one lookup. The path, e-mail and word-with-digit alternatives scan a run of
 * characters; when they fail at a position they fail at every later position of the same run, so
 * the scanner remembers where that run ends and does not try them again inside it; inside such
 * runs most characters are passed over after one table lookup. That keeps the pass linear.
 *
 * <p>Character classes follow Python's {@code re} on {@code str}: a word character is a letter or
 * number (general categories L*, N*) or {@code _}; a digit is category Nd; white space is
 * Unicode White_Space plus U+001C..U+001F. Characters outside the BMP are handled as code points.
 *
 * <p>The scan runs over a copy of the message's characters in a per-thread scratch array (cheaper
 * than {@code String.charAt}), and the output is built in a second one; a message without any
 * match is returned as is, without a copy.
 *
 * <p>Thread-safe: no shared mutable state; each thread has its own scratch arrays.
 */
public final class LogMasker {

    /** What a match is replaced with. */
    public static final String MASK = "<*>";

    // ---- ASCII character table -------------------------------------------------------------

    private static final int TF = 1;        // T t F f: True/true/False/false
    private static final int NUMW = 1 << 1; // first letters of the number words
    private static final int WEEK = 1 << 2; // first letters of the weekdays
    private static final int MONTH = 1 << 3; // first letters of the months
    private static final int DIGIT = 1 << 4; // 0-9
    private static final int HEX = 1 << 5;   // 0-9 a-f A-F
    private static final int PATH = 1 << 6;  // can start a path: a-z A-Z 0-9 : . / \
    private static final int WORD = 1 << 7;  // \w: a-z A-Z 0-9 _
    private static final int WD = 1 << 8;    // [a-zA-Z.:\-_] of the word-with-digit alternative
    private static final int TAIL = 1 << 9;  // [a-zA-Z0-9.:\-_]
    private static final int ALNUM = 1 << 10; // [a-zA-Z0-9]
    private static final int SPACE = 1 << 11; // Python \s
    private static final int NOT_SEGMENT = 1 << 12; // / \ [ ] and \s: not in a path segment
    private static final int LETTER = 1 << 13; // a-z A-Z

    /** Alternatives that may start at an ASCII character; zero means none can. */
    private static final int STARTS = TF | NUMW | WEEK | MONTH | DIGIT | HEX | PATH | WORD | WD;

    private static final short[] ASCII = new short[128];

    static {
        for (int c = 0; c < 128; c++) {
            int f = 0;
            boolean lower = c >= 'a' && c <= 'z';
            boolean upper = c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            if (lower || upper) {
                f |= LETTER | ALNUM | WORD | WD | TAIL | PATH;
            }
            if (digit) {
                f |= DIGIT | ALNUM | WORD | TAIL | PATH;
            }
            if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                f |= HEX;
            }
            if ("TtFf".indexOf(c) >= 0) {
                f |= TF;
            }
            if ("zotfsenhmb".indexOf(c) >= 0) {
                f |= NUMW;
            }
            if ("MTWFS".indexOf(c) >= 0) {
                f |= WEEK;
            }
            if ("JFMASOND".indexOf(c) >= 0) {
                f |= MONTH;
            }
            if (c == '.' || c == ':') {
                f |= PATH | WD | TAIL;
            }
            if (c == '/' || c == '\\') {
                f |= PATH | NOT_SEGMENT;
            }
            if (c == '-') {
                f |= WD | TAIL;
            }
            if (c == '_') {
                f |= WORD | WD | TAIL;
            }
            if (c == '[' || c == ']') {
                f |= NOT_SEGMENT;
            }
            if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) {
                f |= SPACE | NOT_SEGMENT;
            }
            ASCII[c] = (short) f;
        }
    }

    /** General categories of Python's \w: L* and N*. */
    private static final int WORD_TYPES = 1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
            | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
            | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER;

    private static final String[] NUMBER_WORDS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
        "billion"};

    private static final String[] WEEKDAYS = {
        "Mon", "Monday", "Tue", "Tuesday", "Wed", "Wednesday", "Thu", "Thursday", "Fri", "Friday", "Sat",
        "Saturday", "Sun", "Sunday"};

    /** Month names, long form first: the reference tries {@code Jan(?:uary)?} greedily. */
    private static final String[][] MONTHS = {
        {"January", "Jan"}, {"February", "Feb"}, {"March", "Mar"}, {"April", "Apr"}, {"May", "May"},
        {"June", "Jun"}, {"July", "Jul"}, {"August", "Aug"}, {"September", "Sep"}, {"October", "Oct"},
        {"November", "Nov"}, {"December", "Dec"}};

    /** Per-thread scratch arrays; arrays for messages longer than this are not kept. */
    private static final int MAX_KEPT_LENGTH = 1 << 15;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The message's characters and the masked output, reused by one thread. */
    private static final class Scratch {
        char[] text = new char[512];
        char[] out = new char[3 * 512 + 3];
    }

    private LogMasker() {}

    /**
     * Masks one message. Returns the argument itself when nothing in it changes.
     *
     * @param message a log message (not null)
     * @return the message with its variable parts replaced by {@code <*>}
     */
    public static String mask(String message) {
        int n = message.length();
        Scratch scratch = SCRATCH.get();
        char[] s = scratch.text;
        if (s.length < n) {
            s = new char[n];
            if (n <= MAX_KEPT_LENGTH) {
                scratch.text = s;
            }
        }
        message.getChars(0, n, s, 0);
        boolean collapsed = false;
        if (message.indexOf("...") >= 0) {
            n = collapseDots(s, n);
            collapsed = true;
        }
        // Every match is at least one character and becomes three, so 3n bounds the output.
        char[] out = null;
        int length = 0;        // out[0, length) is the output so far
        int copied = 0;        // s[0, copied) is already in out
        int pathFailUntil = 0; // the path alternative fails at every position below this
        int emailFailUntil = 0;
        int digitWordFailUntil = 0;
        int quietUntil = 0;    // the minimum of the three above
        int i = 0;
        while (i < n) {
            char c = s[i];
            int end = -1;
            if (c < 128) {
                int f = ASCII[c];
                if ((f & STARTS) == 0) {
                    i++;
                    continue;
                }
                if (i < quietUntil && (f & (TF | DIGIT | HEX)) == 0
                        && ((f & (NUMW | WEEK | MONTH)) == 0 || s[i - 1] < 128 && (ASCII[s[i - 1]] & WORD) != 0)) {
                    // Inside runs where path, e-mail and word-with-digit are known to fail, and not
                    // at a word start: none of the other alternatives can start at this character.
                    i++;
                    continue;
                }
                if ((f & TF) != 0) {
                    end = matchBoolean(s, n, i, c);
                }
                if (end < 0 && (f & (NUMW | WEEK | MONTH)) != 0 && !isWordBefore(s, i)) {
                    if ((f & NUMW) != 0) {
                        end = matchWordFrom(s, n, i, NUMBER_WORDS);
                    }
                    if (end < 0 && (f & WEEK) != 0) {
                        end = matchWordFrom(s, n, i, WEEKDAYS);
                    }
                    if (end < 0 && (f & MONTH) != 0) {
                        end = matchMonthDay(s, n, i);
                    }
                }
                if (end < 0 && (f & DIGIT) != 0) {
                    end = matchIpv4(s, n, i);
                }
                if (end < 0 && (f & HEX) != 0 && i + 16 < n && s[i + 2] == ':') {
                    end = matchMac(s, n, i, 12);
                    if (end < 0) {
                        end = matchMac(s, n, i, 6);
                    }
                }
                if (end < 0 && (f & PATH) != 0 && i >= pathFailUntil) {
                    int r = matchPath(s, n, i);
                    if (r >= 0) {
                        end = r;
                    } else {
                        pathFailUntil = ~r;
                    }
                }
                if (end < 0 && (f & HEX) != 0 && !isWordBefore(s, i)) {
                    end = matchHexWord(s, n, i);
                }
                if (end < 0 && (f & WORD) != 0 && i >= emailFailUntil) {
                    int r = matchEmail(s, n, i);
                    if (r >= 0) {
                        end = r;
                    } else {
                        emailFailUntil = ~r;
                    }
                }
                if (end < 0 && (f & (WD | DIGIT)) != 0 && i >= digitWordFailUntil) {
                    int r = matchDigitWord(s, n, i);
                    if (r >= 0) {
                        end = r;
                    } else {
                        digitWordFailUntil = ~r;
                    }
                }
                if (end < 0) {
                    quietUntil = Math.min(pathFailUntil, Math.min(emailFailUntil, digitWordFailUntil));
                    i++;
                    continue;
                }
            } else {
                // Outside ASCII only three alternatives can start: IPv4 and word-with-digit at a
                // Unicode digit, e-mail at a Unicode word character.
                int cp = Character.codePointAt(s, i, n);
                int type = Character.getType(cp);
                if ((WORD_TYPES & (1 << type)) == 0) {
                    i += Character.charCount(cp);
                    continue;
                }
                boolean digit = type == Character.DECIMAL_DIGIT_NUMBER;
                if (digit) {
                    end = matchIpv4(s, n, i);
                }
                if (end < 0 && i >= emailFailUntil) {
                    int r = matchEmail(s, n, i);
                    if (r >= 0) {
                        end = r;
                    } else {
                        emailFailUntil = ~r;
                    }
                }
                if (end < 0 && digit && i >= digitWordFailUntil) {
                    int r = matchDigitWord(s, n, i);
                    if (r >= 0) {
                        end = r;
                    } else {
                        digitWordFailUntil = ~r;
                    }
                }
                if (end < 0) {
                    i += Character.charCount(cp);
                    continue;
                }
            }
            // a match: s[i, end) becomes <*>
            if (out == null) {
                out = scratch.out;
                if (out.length < 3 * n + 3) {
                    out = new char[3 * n + 3];
                    if (n <= MAX_KEPT_LENGTH) {
                        scratch.out = out;
                    }
                }
            }
            System.arraycopy(s, copied, out, length, i - copied);
            length += i - copied;
            out[length++] = '<';
            out[length++] = '*';
            out[length++] = '>';
            copied = end;
            i = end;
        }
        if (out == null) {
            return collapsed ? new String(s, 0, n) : message;
        }
        System.arraycopy(s, copied, out, length, n - copied);
        length += n - copied;
        return new String(out, 0, length);
    }

    /**
     * The reference's pre-pass {@code re.sub(r'[\.]{3,}', '.. ', text)}, in place on
     * {@code s[0, n)}: the result is never longer.
     *
     * @return the new length
     */
    static int collapseDots(char[] s, int n) {
        int w = 0;
        int i = 0;
        while (i < n) {
            if (s[i] == '.') {
                int j = i;
                while (j < n && s[j] == '.') {
                    j++;
                }
                if (j - i >= 3) {
                    s[w++] = '.';
                    s[w++] = '.';
                    s[w++] = ' ';
                } else {
                    while (i < j) {
                        s[w++] = '.';
                        i++;
                    }
                }
                i = j;
            } else {
                s[w++] = s[i++];
            }
        }
        return w;
    }

    /** Whether {@code s[i, n)} starts with {@code w}. */
    private static boolean startsWith(char[] s, int n, String w, int i) {
        int len = w.length();
        if (i + len > n) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (s[i + k] != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---- character classes (Python re semantics on str) -------------------------------------

    /** Python's {@code \w}: a letter or number (L*, N*) or '_'. */
    static boolean isWord(int cp) {
        if (cp < 128) {
            return (ASCII[cp] & WORD) != 0;
        }
        return (WORD_TYPES & (1 << Character.getType(cp))) != 0;
    }

    /** Python's {@code \d}: a decimal digit (Nd). */
    static boolean isDigit(int cp) {
        if (cp < 128) {
            return cp >= '0' && cp <= '9';
        }
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /** Python's {@code \s}: Unicode White_Space plus U+001C..U+001F. All are in the BMP. */
    static boolean isSpace(char c) {
        if (c < 128) {
            return (ASCII[c] & SPACE) != 0;
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
                || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Whether the code point before {@code i} is a word character (false at the start). */
    private static boolean isWordBefore(char[] s, int i) {
        if (i == 0) {
            return false;
        }
        char c = s[i - 1];
        if (c < 128) {
            return (ASCII[c] & WORD) != 0;
        }
        return isWord(Character.codePointBefore(s, i));
    }

    /** Whether the code point at {@code i} is a word character (false at the end). */
    private static boolean isWordAt(char[] s, int n, int i) {
        if (i >= n) {
            return false;
        }
        char c = s[i];
        if (c < 128) {
            return (ASCII[c] & WORD) != 0;
        }
        return isWord(Character.codePointAt(s, i, n));
    }

    /** Whether the code point at {@code i} is a digit (false at the end). */
    private static boolean isDigitAt(char[] s, int n, int i) {
        if (i >= n) {
            return false;
        }
        char c = s[i];
        if (c < 128) {
            return c >= '0' && c <= '9';
        }
        return isDigit(Character.codePointAt(s, i, n));
    }

    /** Index after the digit (code point) at {@code i}; requires {@link #isDigitAt}. */
    private static int afterDigit(char[] s, int n, int i) {
        return s[i] < 128 ? i + 1 : i + Character.charCount(Character.codePointAt(s, i, n));
    }

    private static boolean isAscii(char c, int flag) {
        return c < 128 && (ASCII[c] & flag) != 0;
    }

    // ---- the alternatives: each returns the end of its match at i, or a negative value ------

    /** {@code True|true|False|false}. */
    private static int matchBoolean(char[] s, int n, int i, char c) {
        if (c == 'T' && startsWith(s, n, "True", i) || c == 't' && startsWith(s, n, "true", i)) {
            return i + 4;
        }
        if (c == 'F' && startsWith(s, n, "False", i) || c == 'f' && startsWith(s, n, "false", i)) {
            return i + 5;
        }
        return -1;
    }

    /**
     * {@code \b(w1|w2|...)\b} for ASCII-letter words, with the boundary before already checked.
     * The closing {@code \b} needs a non-word character after the word, so the only candidate is
     * the whole run of ASCII letters from {@code i}, and only if no other word character follows.
     */
    private static int matchWordFrom(char[] s, int n, int i, String[] words) {
        int j = i;
        while (j < n && isAscii(s[j], LETTER)) {
            j++;
        }
        if (isWordAt(s, n, j)) {
            return -1;
        }
        int len = j - i;
        for (String w : words) {
            if (w.length() == len && startsWith(s, n, w, i)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * {@code \b(Jan(?:uary)?|...)\s+(\d{1,2})\s+\b}, boundary before already checked. The month
     * must be followed by white space, so at most one of its long and short forms works. The day
     * is the whole run of digits and must be one or two long (a third digit is neither space nor
     * shorter-day material). After the day's white space, {@code \b} needs a word character: a
     * shorter white-space run would leave white space on both sides.
     */
    private static int matchMonthDay(char[] s, int n, int i) {
        int k = -1;
        for (String[] m : MONTHS) {
            if (startsWith(s, n, m[1], i)) {
                if (startsWith(s, n, m[0], i) && i + m[0].length() < n && isSpace(s[i + m[0].length()])) {
                    k = i + m[0].length();
                } else if (i + 3 < n && isSpace(s[i + 3])) {
                    k = i + 3;
                }
                break;
            }
        }
        if (k < 0) {
            return -1;
        }
        while (k < n && isSpace(s[k])) {
            k++;
        }
        int digits = 0;
        while (digits < 3 && isDigitAt(s, n, k)) {
            k = afterDigit(s, n, k);
            digits++;
        }
        if (digits == 0 || digits == 3 || k >= n || !isSpace(s[k])) {
            return -1;
        }
        while (k < n && isSpace(s[k])) {
            k++;
        }
        return isWordAt(s, n, k) ? k : -1;
    }

    /**
     * {@code \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d{1,5})?}. A shorter digit group would be
     * followed by a digit, not a dot, so each of the first three groups is its whole digit run
     * (1–3 long); the last group and the port take up to 3 and 5 digits greedily.
     */
    private static int matchIpv4(char[] s, int n, int i) {
        int k = i;
        for (int group = 0; group < 4; group++) {
            int digits = 0;
            while (digits < 3 && isDigitAt(s, n, k)) {
                k = afterDigit(s, n, k);
                digits++;
            }
            if (digits == 0) {
                return -1;
            }
            if (group < 3) {
                if (k >= n || s[k] != '.') {
                    return -1;
                }
                k++;
            }
        }
        if (k + 1 < n && s[k] == ':' && isDigitAt(s, n, k + 1)) {
            k++;
            for (int digits = 0; digits < 5 && isDigitAt(s, n, k); digits++) {
                k = afterDigit(s, n, k);
            }
        }
        return k;
    }

    /** {@code ([0-9A-Fa-f]{2}:){bytes-1}[0-9A-Fa-f]{2}}: a fixed layout. */
    private static int matchMac(char[] s, int n, int i, int bytes) {
        int end = i + bytes * 3 - 1;
        if (end > n) {
            return -1;
        }
        for (int k = i; k < end; k += 3) {
            if (!isAscii(s[k], HEX) || !isAscii(s[k + 1], HEX) || k + 2 < end && s[k + 2] != ':') {
                return -1;
            }
        }
        return end;
    }

    /**
     * {@code [a-zA-Z0-9]*[:\.]*([/\\]+[^/\\\s\[\]]+)+[/\\]*}. Backtracking either prefix leaves a
     * letter, digit, colon or dot where a slash is needed, so the prefix is the two maximal runs.
     * Each group is a maximal slash run and a maximal segment run (a shorter slash run leaves a
     * slash where a segment character is needed, and nothing after a segment can fail). A final
     * slash run not followed by a segment is taken by {@code [/\\]*}.
     *
     * @return the end of the match, or {@code ~f} where the alternative fails at every position
     *     in {@code [i, f)}: those positions share the same prefix runs and first slash run
     */
    private static int matchPath(char[] s, int n, int i) {
        int k = i;
        while (k < n && isAscii(s[k], ALNUM)) {
            k++;
        }
        while (k < n && (s[k] == ':' || s[k] == '.')) {
            k++;
        }
        boolean matched = false;
        while (true) {
            int q = k;
            while (q < n && (s[q] == '/' || s[q] == '\\')) {
                q++;
            }
            if (q == k) {
                return matched ? k : ~k;
            }
            int r = q;
            while (r < n && !isNotSegment(s[r])) {
                r++;
            }
            if (r == q) {
                return matched ? q : ~q;
            }
            matched = true;
            k = r;
        }
    }

    /** The complement of the segment class {@code [^/\\\s\[\]]}. */
    private static boolean isNotSegment(char c) {
        if (c < 128) {
            return (ASCII[c] & NOT_SEGMENT) != 0;
        }
        return isSpace(c);
    }

    /** {@code \b[0-9a-fA-F]{8}\b} or the same with 10, boundary before already checked. */
    private static int matchHexWord(char[] s, int n, int i) {
        int j = i;
        while (j < n && j - i <= 10 && isAscii(s[j], HEX)) {
            j++;
        }
        int len = j - i;
        if ((len == 8 || len == 10) && !isWordAt(s, n, j)) {
            return j;
        }
        return -1;
    }

    /** The end of the maximal run of {@code [\w\.]} from {@code k}. */
    private static int wordOrDotRun(char[] s, int n, int k) {
        while (k < n) {
            char c = s[k];
            if (c < 128) {
                if ((ASCII[c] & WORD) == 0 && c != '.') {
                    break;
                }
                k++;
            } else {
                int cp = Character.codePointAt(s, k, n);
                if (!isWord(cp)) {
                    break;
                }
                k += Character.charCount(cp);
            }
        }
        return k;
    }

    /**
     * {@code (\w+[\w\.]*)@(\w+[\w\.]*)\-(\w+[\w\.]*)}, else {@code (\w+[\w\.]*)@(\w+[\w\.]*)}; the
     * character at {@code i} is a word character. Each part is a maximal {@code [\w.]} run
     * (a shorter one leaves a word character or dot where {@code @} or {@code -} is needed).
     *
     * @return the end of the match, or {@code ~f} where both alternatives fail at every word
     *     character in {@code [i, f)}: they all have the same user-part end
     */
    private static int matchEmail(char[] s, int n, int i) {
        int at = wordOrDotRun(s, n, i);
        if (at >= n || s[at] != '@' || !isWordAt(s, n, at + 1)) {
            return ~at;
        }
        int hostEnd = wordOrDotRun(s, n, at + 1);
        if (hostEnd + 1 < n && s[hostEnd] == '-' && isWordAt(s, n, hostEnd + 1)) {
            return wordOrDotRun(s, n, hostEnd + 1);
        }
        return hostEnd;
    }

    /**
     * {@code [a-zA-Z\.\:\-\_]*\d[a-zA-Z0-9\.\:\-\_]*}. The digit (Unicode) must come right after
     * the maximal run of {@code [a-zA-Z.:\-_]} from {@code i}, since the run's characters are not
     * digits; the tail (ASCII only) is taken greedily.
     *
     * @return the end of the match, or {@code ~f} where the alternative fails at every position
     *     in {@code [i, f)}: the positions of the run and the character after it
     */
    private static int matchDigitWord(char[] s, int n, int i) {
        int j = i;
        while (j < n && isAscii(s[j], WD)) {
            j++;
        }
        if (!isDigitAt(s, n, j)) {
            return ~(j + 1);
        }
        int k = afterDigit(s, n, j);
        while (k < n && isAscii(s[k], TAIL)) {
            k++;
        }
        return k;
    }
}
