package dev.logsieve.eval;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts for {@link ReportPage}: bars and lines over a shared x axis, drawn by hand
 * so the page needs no script, font or file from anywhere else.
 */
final class Svg {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 50;
    private static final int BOTTOM = 30;
    private static final String[] COLOURS = {"#c0392b", "#2471a3", "#7d8c8d", "#27ae60"};

    private Svg() {}

    /** One line of a line chart: its name and its y values, aligned with the chart's x labels. */
    record Series(String name, double[] values) {}

    /**
     * A bar chart, one bar a value.
     *
     * @param labels the x labels; only some are drawn when there are many
     */
    static String bars(String title, List<String> labels, double[] values) {
        double max = Math.max(1e-9, max(values));
        StringBuilder sb = open(title, max);
        double slot = (double) (WIDTH - LEFT - 10) / Math.max(1, values.length);
        for (int i = 0; i < values.length; i++) {
            double h = (HEIGHT - BOTTOM - 10) * values[i] / max;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %s</title></rect>%n", LEFT + i * slot + 1, HEIGHT - BOTTOM - h, Math.max(1, slot - 2), h,
                    COLOURS[0], ReportPage.escape(labels.get(i)), number(values[i])));
        }
        return close(sb, labels);
    }

    /**
     * A line chart of several series; {@code rule}, when not NaN, draws a dashed horizontal line at
     * that y value, named {@code ruleName}.
     */
    static String lines(String title, List<String> labels, List<Series> series, double max, double rule, String ruleName) {
        double top = Math.max(1e-9, Double.isNaN(rule) ? max : Math.max(max, rule * 1.2));
        StringBuilder sb = open(title, top);
        double step = (double) (WIDTH - LEFT - 10) / Math.max(1, labels.size() - 1);
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            double[] v = series.get(s).values();
            for (int i = 0; i < v.length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * step, y(v[i], top)));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                    + "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"12\">%s</text>%n", points.toString().trim(),
                    COLOURS[s % COLOURS.length], LEFT + 10 + s * 140, 14, COLOURS[s % COLOURS.length],
                    ReportPage.escape(series.get(s).name())));
        }
        if (!Double.isNaN(rule)) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                    + "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" font-size=\"12\">%s</text>%n", LEFT, WIDTH - 10,
                    y(rule, top), y(rule, top), WIDTH - 250, y(rule, top) - 4, ReportPage.escape(ruleName)));
        }
        return close(sb, labels);
    }

    private static double y(double v, double top) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - 10) * Math.min(v, top) / top;
    }

    private static StringBuilder open(String title, double max) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT,
                ReportPage.escape(title)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"10\" y2=\"%d\" stroke=\"#555\"/>%n", LEFT, WIDTH - 10, HEIGHT - BOTTOM,
                HEIGHT - BOTTOM, LEFT, LEFT, HEIGHT - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\" font-size=\"11\">%s</text>"
                + "<text x=\"4\" y=\"%d\" font-size=\"11\">0</text>%n", number(max), HEIGHT - BOTTOM));
        return sb;
    }

    private static String close(StringBuilder sb, List<String> labels) {
        int every = Math.max(1, labels.size() / 6);
        double step = (double) (WIDTH - LEFT - 10) / Math.max(1, labels.size());
        for (int i = 0; i < labels.size(); i += every) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>%n", LEFT + i * step,
                    HEIGHT - 10, ReportPage.escape(labels.get(i))));
        }
        return sb.append("</svg>\n").toString();
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
