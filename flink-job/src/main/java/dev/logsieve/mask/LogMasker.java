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
 * punctuation cost one lookup. Most words are plain: ASCII letters, digits and {@code . : - _}
 * followed by a space or punctuation. One scan of such a word settles every alternative after
 * MAC for all of it ({@link #plainRun}), and a number word, weekday or month is one table lookup
 * of the word's letters, so a plain word costs about one pass; when no other word starts inside it
 * and it holds no T, t, F or f, the scan resumes after it.
 *
 * <p>On other words, the path, e-mail and word-with-digit alternatives scan a run of
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
    /** Ends a run of letters where no path, e-mail or word with a digit can go on: not \w, not . : - / \ @ */
    private static final int PLAIN_END = 1 << 14;

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
            if ((f & WORD) == 0 && ".:-/\\@".indexOf(c) < 0) {
                f |= PLAIN_END;
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

    private static final String[] MONTHS = {
        "January", "Jan", "February", "Feb", "March", "Mar", "April", "Apr", "May", "June", "Jun", "July", "Jul",
        "August", "Aug", "September", "Sep", "October", "Oct", "November", "Nov", "December", "Dec"};

    /** What a run of ASCII letters is: one of the number words, weekdays, month names. */
    private static final int NUMBER_NAME = 1;
    private static final int WEEKDAY_NAME = 2;
    private static final int MONTH_NAME = 4;

    /** The longest of those names ("seventeen", "Wednesday", "September"). */
    private static final int LONGEST_NAME = 9;

    /**
     * The names by key (see {@link #nameKinds}), in an open-addressing table: a letter run is looked
     * up once instead of being compared with each name. Slot {@code h} holds a key (0 when empty)
     * and its kinds.
     */
    private static final long[] NAME_KEYS = new long[256];
    private static final byte[] NAME_KINDS = new byte[256];
    /**
     * For each first two letters (index {@code (a - 64) * 64 + b - 64}), the third letters of the
     * names that start with them (bit {@code c - 64} for letter c): most words fail this test.
     */
    private static final long[] NAME_THIRD = new long[64 * 64];

    static {
        for (String w : NUMBER_WORDS) {
            addName(w, NUMBER_NAME);
        }
        for (String w : WEEKDAYS) {
            addName(w, WEEKDAY_NAME);
        }
        for (String w : MONTHS) {
            addName(w, MONTH_NAME);
        }
    }

    private static void addName(String w, int kind) {
        NAME_THIRD[(w.charAt(0) - 64) * 64 + w.charAt(1) - 64] |= 1L << (w.charAt(2) - 64);
        long key = 0;
        for (int k = 0; k < w.length(); k++) {
            key = key << 7 | w.charAt(k);
        }
        int h = nameSlot(key);
        while (NAME_KEYS[h] != 0 && NAME_KEYS[h] != key) {
            h = (h + 1) & (NAME_KEYS.length - 1);
        }
        NAME_KEYS[h] = key;
        NAME_KINDS[h] |= (byte) kind;
    }

    private static int nameSlot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 56);
    }

    /**
     * The kinds of the name {@code key} stands for, 0 when it is none. A key is the letters in
     * base 128; letters are never 0, so each run of at most {@value #LONGEST_NAME} has its own key.
     */
    private static int nameKinds(long key) {
        int h = nameSlot(key);
        while (NAME_KEYS[h] != 0) {
            if (NAME_KEYS[h] == key) {
                return NAME_KINDS[h];
            }
            h = (h + 1) & (NAME_KEYS.length - 1);
        }
        return 0;
    }

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
                if (i < quietUntil && (f & (TF | DIGIT)) == 0) {
                    // Inside runs where path, e-mail and word-with-digit are known to fail. Past a
                    // word character, the names and hex words cannot start here and a MAC address
                    // needs a colon two on; elsewhere a character that starts neither cannot start
                    // anything else.
                    boolean afterWord = s[i - 1] < 128 && (ASCII[s[i - 1]] & WORD) != 0;
                    if (afterWord ? (f & HEX) == 0 || i + 16 >= n || s[i + 2] != ':'
                            : (f & (NUMW | WEEK | MONTH | HEX)) == 0) {
                        i++;
                        continue;
                    }
                }
                if ((f & TF) != 0) {
                    end = matchBoolean(s, n, i, c);
                }
                if (end < 0 && (f & (NUMW | WEEK | MONTH)) != 0 && !isWordBefore(s, i)) {
                    end = matchName(s, n, i);
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
                if (end < 0 && (f & ALNUM) != 0 && i >= quietUntil) {
                    // Most words are letters, digits and . : - _ followed by a space or punctuation;
                    // one scan settles every remaining alternative there (see plainRun).
                    int run = plainRun(s, n, i);
                    if (run >= 0) {
                        int k = run & RUN_END;
                        if ((run & RUN_HEX_WORD) != 0 && !isWordBefore(s, i)) {
                            end = i + ((run & RUN_HEX_10) != 0 ? 10 : 8);
                        } else if ((run & RUN_HAS_DIGIT) != 0) {
                            end = k;
                        }
                        if (end < 0) {
                            pathFailUntil = Math.max(pathFailUntil, k);
                            emailFailUntil = Math.max(emailFailUntil, k);
                            digitWordFailUntil = Math.max(digitWordFailUntil, k + 1);
                            quietUntil = Math.min(pathFailUntil, Math.min(emailFailUntil, digitWordFailUntil));
                            i++;
                            if ((run & RUN_HAS_WORD_START) == 0) {
                                // No word starts inside: only True/true/False/false can, so go on to
                                // where one of them is (it ends inside the word: a plain end is no letter),
                                // or past the word when it holds none of their first letters.
                                if ((run & RUN_HAS_TF) == 0) {
                                    i = k;
                                }
                                while (i < k && ((ASCII[s[i]] & TF) == 0 || matchBoolean(s, n, i, s[i]) < 0)) {
                                    i++;
                                }
                            }
                            continue;
                        }
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

    /** {@link #plainRun}'s answer: the end of the word in the low bits, and flags. */
    private static final int RUN_END = (1 << 26) - 1;
    private static final int RUN_HAS_DIGIT = 1 << 26;
    /** A letter or digit follows one of . : - _ inside the word: a word may start there. */
    private static final int RUN_HAS_WORD_START = 1 << 27;
    /**
     * The word's first letters and digits are 8 or 10 hex digits followed by a non-word
     * character (10 when {@link #RUN_HEX_10} is set too).
     */
    private static final int RUN_HEX_WORD = 1 << 28;
    private static final int RUN_HEX_10 = 1 << 29;
    /** The word holds a T, t, F or f, where True/true/False/false could start. */
    private static final int RUN_HAS_TF = 1 << 30;

    /**
     * A plain word: from {@code i} a run of ASCII letters, digits and {@code . : - _} that ends
     * the string or is followed by a {@link #PLAIN_END} character. Returns its end with the
     * {@code RUN_} flags that apply, or -1 when the run is followed by anything else.
     *
     * <p>At such a word, once True/False, the names, IPv4 and MAC were tried at {@code i}: the path
     * alternative needs a slash and e-mail an {@code @}, and the word holds neither, nor is one
     * next. Word-with-digit needs a digit; its tail takes every character of the word, so with a
     * digit it matches the whole word, unless the 8/10 hex alternative, tried before it, matches:
     * it does when the word's first letters and digits are 8 or 10 hex digits followed by a
     * non-word character, and a word starts at {@code i}. Without a digit only hex can match at
     * {@code i}, and path, e-mail and word-with-digit fail at every position of the word and at
     * its end.
     */
    private static int plainRun(char[] s, int n, int i) {
        // The first letters and digits: all flags OR-ed (for a digit) and AND-ed (all hex?).
        int any = 0;
        int all = ~0;
        int j = i;
        char c;
        while (j < n && (c = s[j]) < 128 && (ASCII[c] & ALNUM) != 0) {
            any |= ASCII[c];
            all &= ASCII[c];
            j++;
        }
        int flags = (any & DIGIT) != 0 ? RUN_HAS_DIGIT : 0;
        int hexLength = j - i;
        if ((all & HEX) != 0 && (hexLength == 8 || hexLength == 10) && (j == n || s[j] != '_')) {
            flags |= hexLength == 8 ? RUN_HEX_WORD : RUN_HEX_WORD | RUN_HEX_10;
        }
        // Then letters, digits and . : - _ up to a plain end.
        for (; j < n; j++) {
            c = s[j];
            if (c >= 128) {
                return -1;
            }
            int f = ASCII[c];
            if ((f & ALNUM) != 0) {
                flags |= (f & DIGIT) != 0 ? RUN_HAS_DIGIT | RUN_HAS_WORD_START : RUN_HAS_WORD_START;
            } else if ((f & TAIL) == 0) {
                if ((f & PLAIN_END) == 0) {
                    return -1;
                }
                break;
            }
        }
        if ((any & TF) != 0) { // of the first letters and digits: all of them, unless a word starts inside
            flags |= RUN_HAS_TF;
        }
        return j <= RUN_END ? j | flags : -1;
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

    /** {@code True|true|False|false}: {@code c} is one of T, t, F, f. */
    private static int matchBoolean(char[] s, int n, int i, char c) {
        if ((c == 'T' || c == 't') && i + 3 < n && s[i + 1] == 'r' && s[i + 2] == 'u' && s[i + 3] == 'e') {
            return i + 4;
        }
        if ((c == 'F' || c == 'f') && i + 4 < n
                && s[i + 1] == 'a' && s[i + 2] == 'l' && s[i + 3] == 's' && s[i + 4] == 'e') {
            return i + 5;
        }
        return -1;
    }

    /**
     * {@code \b(w1|w2|...)\b} for the number words and the weekdays, else the month-day
     * alternative, with the boundary before already checked. The closing {@code \b} needs a
     * non-word character after the word, so the only candidate is the whole run of ASCII letters
     * from {@code i}, and only if no other word character follows. A month must be followed by
     * white space, so it too is the whole run: {@code Jan} or {@code January}, never {@code Jan} of
     * {@code January}. The run is looked up once among all the names.
     */
    private static int matchName(char[] s, int n, int i) {
        if (i + 2 >= n || !isAscii(s[i + 1], LETTER) || !isAscii(s[i + 2], LETTER)
                || (NAME_THIRD[(s[i] - 64) * 64 + s[i + 1] - 64] & 1L << (s[i + 2] - 64)) == 0) {
            return -1; // no name starts with these three letters: most words end here
        }
        int j = i;
        long key = 0;
        while (j < n && isAscii(s[j], LETTER)) {
            key = key << 7 | s[j];
            j++;
        }
        if (j - i > LONGEST_NAME) {
            return -1;
        }
        int kinds = nameKinds(key);
        if ((kinds & (NUMBER_NAME | WEEKDAY_NAME)) != 0) {
            return isWordAt(s, n, j) ? -1 : j;
        }
        if ((kinds & MONTH_NAME) != 0 && j < n && isSpace(s[j])) {
            return matchDayAfterMonth(s, n, j);
        }
        return -1;
    }

    /**
     * The rest of {@code \b(Jan(?:uary)?|...)\s+(\d{1,2})\s+\b} from the white space after the
     * month at {@code k}. The day is the whole run of digits and must be one or two long (a third
     * digit is neither space nor shorter-day material). After the day's white space, {@code \b}
     * needs a word character: a shorter white-space run would leave white space on both sides.
     */
    private static int matchDayAfterMonth(char[] s, int n, int k) {
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
        int k = i + 1;
        while (k < n && k < i + 3 && s[k] >= '0' && s[k] <= '9') {
            k++;
        }
        if (k < n && s[k] < 128 && s[k] != '.') {
            return -1; // the first ASCII group is not followed by a dot: the common case, rejected early
        }
        k = i;
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
