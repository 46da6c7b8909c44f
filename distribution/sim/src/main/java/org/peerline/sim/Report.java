package org.peerline.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The simulator's HTML report: the summary and three inline SVG plots (hops, latency, success over time). */
final class Report {
    private Report() {
    }

    static void write(Path file, Map<String, Object> summary, List<Integer> hops, List<Long> latencies,
                      List<Boolean> outcomes) throws IOException {
        StringBuilder h = new StringBuilder("<!doctype html><meta charset=utf-8><title>Peerline overlay simulation</title>"
                + "<style>body{font:14px sans-serif;margin:2em}td{padding:2px 12px}svg{border:1px solid #ccc;margin:8px}</style>"
                + "<h1>Peerline overlay simulation: " + summary.get("overlay") + ", " + summary.get("nodes") + " nodes</h1><table>");
        summary.forEach((k, v) -> h.append("<tr><td>").append(k).append("<td>").append(v));
        h.append("</table><h2>Hops per lookup</h2>");
        int maxHop = hops.stream().mapToInt(Integer::intValue).max().orElse(0);
        double[] hist = new double[maxHop + 1];
        for (int x : hops) hist[x]++;
        h.append(bars(hist, "hops"));
        h.append("<h2>Lookup latency (ms), sorted</h2>");
        double[] lat = latencies.stream().mapToDouble(Long::doubleValue).sorted().toArray();
        h.append(line(lat, "lookup (by latency)"));
        h.append("<h2>Success rate over time (windows of 50 lookups)</h2>");
        int windows = Math.max(1, outcomes.size() / 50);
        double[] success = new double[windows];
        for (int w = 0; w < windows; w++) {
            List<Boolean> part = outcomes.subList(w * outcomes.size() / windows, (w + 1) * outcomes.size() / windows);
            success[w] = part.stream().filter(b -> b).count() / (double) Math.max(1, part.size());
        }
        h.append(line(success, "window"));
        Files.writeString(file, h.toString());
    }

    private static String bars(double[] v, String label) {
        double max = 1;
        for (double x : v) max = Math.max(max, x);
        StringBuilder s = new StringBuilder("<svg width=640 height=240>");
        double w = 600.0 / Math.max(1, v.length);
        for (int i = 0; i < v.length; i++) {
            double hgt = 200 * v[i] / max;
            s.append(String.format(Locale.ROOT, "<rect x=%.1f y=%.1f width=%.1f height=%.1f fill=#4a7/>"
                    + "<text x=%.1f y=235 font-size=11>%d</text>", 20 + i * w, 210 - hgt, w * 0.8, hgt, 20 + i * w, i));
        }
        return s.append("<text x=300 y=15>").append(label).append("</text></svg>").toString();
    }

    private static String line(double[] v, String label) {
        double max = 1e-9;
        for (double x : v) max = Math.max(max, x);
        StringBuilder s = new StringBuilder("<svg width=640 height=240><polyline fill=none stroke=#37a points='");
        for (int i = 0; i < v.length; i++) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", 20 + 600.0 * i / Math.max(1, v.length - 1), 210 - 200 * v[i] / max));
        }
        return s.append(String.format(Locale.ROOT, "'/><text x=20 y=15>max %.3f</text><text x=300 y=235>%s</text></svg>",
                max, label)).toString();
    }
}
