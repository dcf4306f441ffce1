package dev.logsieve.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written cases per pattern category, for both maskers. Every expected value was produced
 * by the Python reference ({@code re.sub} on a Python 3.11 {@code str}).
 */
class MaskCasesTest {

    /** {input, expected}. */
    private static final String[][] CASES = {
        // the examples from the specification
        {"Receiving block blk_-562 src: /10.250.19.102:54106 dest: /10.250.19.102:50010",
            "Receiving block <*> src: <*> dest: <*>"},
        {"CE sym 2, at 0x0b85eee0, mask 0x05", "CE sym <*>, at <*>, mask <*>"},
        {"generating core.14627", "generating <*>"},
        // IPv4, with and without port; a fourth group or port longer than allowed is cut
        {"connect to 192.168.0.1:8080 failed", "connect to <*> failed"},
        {"peer 10.0.0.1 up", "peer <*> up"},
        {"ip 1.2.3.4567", "ip <*><*>"},
        {"ip 1.2.3.4:123456", "ip <*><*>"},
        // MAC addresses, 6 and 12 bytes
        {"mac 00:1A:2b:3C:4d:5E up", "mac <*> up"},
        {"hwaddr 00:11:22:33:44:55:66:77:88:99:aa:bb end", "hwaddr <*> end"},
        // paths: plain, with a word: prefix, with backslashes, trailing slashes, brackets, lone slash
        {"open /var/log/messages failed", "open <*> failed"},
        {"read hdfs://namenode:8020/user/data/part-0 ok", "read <*> ok"},
        {"file: C:\\Windows\\System32\\drivers done", "file: <*> done"},
        {"dir /tmp/ and /a//b/ and [/x] and / alone", "dir <*> and <*> and [<*>] and / alone"},
        // 8 and 10 hex digits between word boundaries
        {"id deadbeef and DEADBEEF00 and deadbeef0 and abcdefgh", "id <*> and <*> and <*> and abcdefgh"},
        // user@host-x and user@host
        {"mail root@mail.example-relay.org now", "mail <*> now"},
        {"mail alice.b@example.com now", "mail <*> now"},
        // month-day: consumes the following white space, then needs a word character
        {"Jun 14 15:16:01 combo sshd", "<*><*> combo sshd"},
        {"on June  9  x and Sept 9 x and Mar 123 x", "on <*>x and Sept <*> x and Mar <*> x"},
        {"Jun 14 ,tail", "Jun <*> ,tail"},
        // runs of three or more dots
        {"wait... done.... ok.. end", "wait..  done..  ok.. end"},
        // booleans (no boundaries), number words and weekdays (whole words)
        {"flag=True, ok=false, TRUE, Trueish, untrue", "flag=<*>, ok=<*>, TRUE, <*>ish, un<*>"},
        {"one of twenty-one sixteen sixty seven seventeen oneself", "<*> of <*>-<*> <*> <*> <*> <*> oneself"},
        {"Mon Tuesday Sunday Sundays", "<*> <*> <*> Sundays"},
        // words with a digit
        {"user_42 x86_64 :8080 -1 a.b.c", "<*> <*> <*> <*> a.b.c"},
        // Unicode: digits are Nd, letters of other scripts are word characters
        {"Ж٣ café2 中文 ٣٤.١.٢.٣", "Ж<*> café<*> 中文 <*>"},
        // combining marks are not word characters in Python (they are in Java's \w)
        {"e\u0301one \u0301one one\u0301", "e\u0301<*> \u0301<*> <*>\u0301"},
        // other numbers (No) are word characters in Python (not in Java's \w)
        {"\u2460one \u00b2two", "\u2460one \u00b2two"},
        // U+001C is white space in Python (not in Java's \s)
        {"a\u001cJun\u001c1\u001cx", "a\u001c<*>x"},
        // nothing to mask
        {"", ""},
        {"PacketResponder terminating", "PacketResponder terminating"},
    };

    static Stream<Arguments> cases() {
        UnaryOperator<String> log = LogMasker::mask;
        UnaryOperator<String> regex = RegexMasker::mask;
        return Stream.of(CASES).flatMap(c -> Stream.of(
                Arguments.of("LogMasker", log, c[0], c[1]),
                Arguments.of("RegexMasker", regex, c[0], c[1])));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void masksAsPythonReference(String name, UnaryOperator<String> masker, String input, String expected) {
        assertThat(masker.apply(input)).as("%s(%s)", name, input).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("unchanged")
    void returnsSameInstanceWhenNothingMasked(String input) {
        assertThat(LogMasker.mask(input)).isSameAs(input);
    }

    static Stream<String> unchanged() {
        return Stream.of("", "PacketResponder terminating", "Verification succeeded for blk", "a.. b", "ns_ [x]");
    }
}
