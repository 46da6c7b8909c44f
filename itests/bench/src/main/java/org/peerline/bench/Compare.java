package org.peerline.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code java -jar itests/bench/target/benchmarks.jar [JMH options]}: runs the benchmarks with the GC profiler,
 * then prints messages/s per thread, bytes allocated per message, and the Peerline/JAIN-SIP ratios. Plain JMH is
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder().parent(cli).include(cli.getIncludes().isEmpty() ? "SipBenchmark" : ".*")
                .addProfiler("gc").threads(1).build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, double[]> rows = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double ops = r.getPrimaryResult().getScore();
            var alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            if (alloc == null) alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.put(name, new double[] {ops, alloc == null ? Double.NaN : alloc.getScore()});
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %14s %12s%n", "benchmark", "messages/s", "bytes/msg");
        rows.forEach((n, v) -> System.out.printf(Locale.ROOT, "%-32s %,14.0f %,12.0f%n", n, v[0], v[1]));
        System.out.println();
        for (String op : new String[] {"ParseInvite", "ParseRegister", "SerializeInvite", "SerializeRegister"}) {
            double[] p = rows.get("peerline" + op);
            double[] j = rows.get("jainsip" + op);
            if (p != null && j != null) {
                System.out.printf(Locale.ROOT, "%-20s Peerline/JAIN-SIP speed %.1fx, allocation %.2fx%n", op,
                        p[0] / j[0], p[1] / j[1]);
            }
            double[] read = rows.get("peerlineParseAndRead" + op.substring("Parse".length()));
            if (op.startsWith("Parse") && read != null && j != null) {
                System.out.printf(Locale.ROOT, "%-20s Peerline (parse + read 7 headers)/JAIN-SIP speed %.1fx%n", op,
                        read[0] / j[0]);
            }
        }
    }
}
