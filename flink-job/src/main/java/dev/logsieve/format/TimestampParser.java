package dev.logsieve.format;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Parses the timestamp text of a {@link CustomFormat} line into epoch milliseconds (UTC), with a list
 * of patterns tried in order. The pattern that worked last is tried first on the next line, since a
 * log almost always keeps one shape; that memory is a benign race (a volatile int), so the parser is
 * thread-safe.
 *
 * <p>The built-in list, in order ({@link DateTimeFormatter} notation, English month and day names,
 * case-insensitive, times without a zone read as UTC, {@code d} accepting one or two digits):
 *
 * <ol>
 *   <li>{@code yyyy-MM-dd HH:mm:ss,SSS} (log4j: Zookeeper, Hadoop)
 *   <li>{@code yyyy-MM-dd HH:mm:ss.SSS} (OpenStack)
 *   <li>{@code yyyy-MM-dd HH:mm:ss} (Windows)
 *   <li>ISO-8601 date-time with optional fraction and optional offset or zone
 *       ({@code 2024-01-31T12:00:00.5+01:00}, {@code 2024-01-31T12:00:00Z}, {@code 2024-01-31T12:00})
 *   <li>{@code yyMMdd HHmmss} (HDFS)
 *   <li>{@code yy/MM/dd HH:mm:ss} (Spark)
 *   <li>{@code yyyyMMdd-H:m:s:millis}, the hours, minutes, seconds and milliseconds written without
 *       padding ({@code 20171223-22:16:0:119}, {@code 20171223-22:15:35:11} = 11 ms) (HealthApp)
 *   <li>{@code EEE MMM d HH:mm:ss yyyy} (Apache, ctime)
 *   <li>{@code MMM d HH:mm:ss} with the default year (syslog: Linux, OpenSSH, Mac)
 *   <li>{@code MMM d yyyy HH:mm:ss}
 *   <li>{@code MM-dd HH:mm:ss.SSS} with the default year (Android)
 *   <li>{@code MM.dd HH:mm:ss} with the default year (Proxifier)
 *   <li>{@code yyyy-MM-dd-HH.mm.ss.SSSSSS} (BGL's Time column)
 *   <li>{@code yyyy-MM-dd}, {@code yyyy.MM.dd}, {@code yyyy/MM/dd} (a date alone: midnight)
 *   <li>epoch seconds: 9 or 10 digits, optionally with a fraction ({@code 1117838570},
 *       {@code 1117838570.675})
 *   <li>epoch milliseconds: 12 or 13 digits
 * </ol>
 *
 * A user pattern (the {@code --timestamp-format} option) replaces the list. It may also be
 * {@code epoch} (seconds), {@code epoch-millis} or {@code ISO-8601}. A pattern without a year takes
 * the default year.
 */
final class TimestampParser {
    /** One way to read the text. */
    private interface Shape {
        /** Epoch millis, or {@link Long#MIN_VALUE} when the text does not have this shape. */
        long parse(String text);

        String describe();
    }

    /** HealthApp's shape: not expressible as a pattern (unpadded milliseconds are not a fraction). */
    private static final String UNPADDED_MILLIS = "yyyyMMdd-H:m:s:millis";

    private static final List<String> BUILT_IN = List.of(
            "yyyy-MM-dd HH:mm:ss,SSS",
            "yyyy-MM-dd HH:mm:ss.SSS",
            "yyyy-MM-dd HH:mm:ss",
            "ISO-8601",
            "yyMMdd HHmmss",
            "yy/MM/dd HH:mm:ss",
            UNPADDED_MILLIS,
            "EEE MMM d HH:mm:ss yyyy",
            "MMM d HH:mm:ss",
            "MMM d yyyy HH:mm:ss",
            "MM-dd HH:mm:ss.SSS",
            "MM.dd HH:mm:ss",
            "yyyy-MM-dd-HH.mm.ss.SSSSSS",
            "yyyy-MM-dd",
            "yyyy.MM.dd",
            "yyyy/MM/dd",
            "epoch",
            "epoch-millis");

    private final Shape[] shapes;
    private volatile int last;

    /**
     * @param userPattern a {@link DateTimeFormatter} pattern, {@code epoch} or {@code epoch-millis};
     *     null for the built-in list
     * @param defaultYear the year of patterns that have none
     * @throws IllegalArgumentException when the user pattern is not a valid pattern
     */
    TimestampParser(String userPattern, int defaultYear) {
        List<String> patterns = userPattern == null ? BUILT_IN : Collections.singletonList(userPattern);
        List<Shape> list = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            list.add(shape(p, defaultYear));
        }
        this.shapes = list.toArray(new Shape[0]);
    }

    /** Epoch millis of the text, or {@link Long#MIN_VALUE} when no pattern reads it. */
    long parse(String text) {
        int first = last;
        long v = shapes[first].parse(text);
        if (v != Long.MIN_VALUE) {
            return v;
        }
        for (int i = 0; i < shapes.length; i++) {
            if (i != first) {
                v = shapes[i].parse(text);
                if (v != Long.MIN_VALUE) {
                    last = i;
                    return v;
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** The patterns, for error messages. */
    String describe() {
        return shapes.length == 1 ? shapes[0].describe() : "the built-in patterns";
    }

    private static Shape shape(String pattern, int defaultYear) {
        switch (pattern) {
            case "epoch":
                return new Epoch(false);
            case "epoch-millis":
                return new Epoch(true);
            case "ISO-8601":
                return new Formatted(pattern, DateTimeFormatter.ISO_DATE_TIME);
            case UNPADDED_MILLIS:
                return new Formatted(pattern, new DateTimeFormatterBuilder()
                        .appendValue(ChronoField.YEAR, 4)
                        .appendValue(ChronoField.MONTH_OF_YEAR, 2)
                        .appendValue(ChronoField.DAY_OF_MONTH, 2)
                        .appendLiteral('-')
                        .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, SignStyle.NOT_NEGATIVE)
                        .appendLiteral(':')
                        .appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, SignStyle.NOT_NEGATIVE)
                        .appendLiteral(':')
                        .appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, SignStyle.NOT_NEGATIVE)
                        .appendLiteral(':')
                        .appendValue(ChronoField.MILLI_OF_SECOND, 1, 3, SignStyle.NOT_NEGATIVE)
                        .toFormatter(Locale.ENGLISH).withZone(ZoneOffset.UTC));
            default:
                break;
        }
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        try {
            b.appendPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad timestamp pattern '" + pattern + "': " + e.getMessage(), e);
        }
        if (!hasYear(pattern)) {
            b.parseDefaulting(ChronoField.YEAR_OF_ERA, defaultYear);
        }
        DateTimeFormatter f = b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.SMART)
                .withZone(ZoneOffset.UTC);
        return new Formatted(pattern, f);
    }

    /** True when the pattern has a year letter outside quotes. */
    private static boolean hasYear(String pattern) {
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == 'y' || c == 'u' || c == 'Y')) {
                return true;
            }
        }
        return false;
    }

    private static final class Formatted implements Shape {
        private final String pattern;
        private final DateTimeFormatter formatter;

        Formatted(String pattern, DateTimeFormatter formatter) {
            this.pattern = pattern;
            this.formatter = formatter;
        }

        @Override
        public long parse(String text) {
            // The formatter throws (slowly) on a mismatch; the remembered pattern keeps that rare.
            if (text.isEmpty()) {
                return Long.MIN_VALUE;
            }
            try {
                TemporalAccessor t = formatter.parse(text);
                if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
                    return t.getLong(ChronoField.INSTANT_SECONDS) * 1000L + t.get(ChronoField.MILLI_OF_SECOND);
                }
                LocalDate date = LocalDate.from(t);
                LocalTime time = t.isSupported(ChronoField.NANO_OF_DAY) ? LocalTime.from(t) : LocalTime.MIDNIGHT;
                return date.atTime(time).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                return Long.MIN_VALUE;
            }
        }

        @Override
        public String describe() {
            return pattern;
        }
    }

    private static final class Epoch implements Shape {
        private final boolean millis;

        Epoch(boolean millis) {
            this.millis = millis;
        }

        @Override
        public long parse(String text) {
            int dot = text.indexOf('.');
            int intLen = dot < 0 ? text.length() : dot;
            boolean lengthOk = millis ? intLen == 12 || intLen == 13 : intLen == 9 || intLen == 10;
            if (!lengthOk) {
                return Long.MIN_VALUE;
            }
            long whole = Scan.digits(text, 0, intLen);
            if (whole < 0) {
                return Long.MIN_VALUE;
            }
            if (millis) {
                return dot < 0 ? whole : Long.MIN_VALUE;
            }
            long frac = 0;
            if (dot >= 0) {
                int fracLen = text.length() - dot - 1;
                if (fracLen < 1 || fracLen > 9) {
                    return Long.MIN_VALUE;
                }
                long f = Scan.digits(text, dot + 1, Math.min(3, fracLen));
                if (f < 0 || Scan.digits(text, dot + 1, fracLen) < 0) {
                    return Long.MIN_VALUE;
                }
                frac = fracLen >= 3 ? f : fracLen == 2 ? f * 10 : f * 100;
            }
            return whole * 1000L + frac;
        }

        @Override
        public String describe() {
            return millis ? "epoch-millis" : "epoch";
        }
    }

    @Override
    public String toString() {
        return "TimestampParser" + Arrays.toString(Arrays.stream(shapes).map(Shape::describe).toArray());
    }
}
