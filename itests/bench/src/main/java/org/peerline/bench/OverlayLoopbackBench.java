package org.peerline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.bamboo.BambooNode;
import org.peerline.overlay.chord.ChordNode;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Wire;
import org.peerline.overlay.core.WireException;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.node.Rpc;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.kademlia.KademliaNode;
import org.peerline.transport.udp.UdpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4's loopback benchmark, side by side with OpenDHT (DESIGN.md testing): N real Peerline nodes in this JVM,
 * each its own UDP socket on 127.0.0.1 and its own loop ({@link OverlayRunner}, production defaults), then
 * <ol>
 * <li>latency: OPS rounds of "put on a random node until acknowledged (write quorum), then get the key from
 * another random node" (the get completes when every replica answered; the value must be among the answers);
 * median and p95 of the round, the put and the get;</li>
 * <li>per-node throughput: a load generator (one UDP socket, no overlay code) keeps a window of GET requests in
 * flight to one node, for keys that node holds, and counts the VALUES replies per second: the requests one node
 * serves, each answered with a signed record. It sends back the address-validation token of the node's last reply
 * (Rpc's anti-amplification rule) like any peer;</li>
 * <li>OpenDHT: {@code opendht_bench.py} (python3-opendht, 100 DhtRunners on 127.0.0.1, private network 4242)
 * measures the same rounds in a subprocess, bounded by a timeout and killed on exit.</li>
 * </ol>
 * {@code java -cp benchmarks.jar org.peerline.bench.OverlayLoopbackBench [kademlia|bamboo|chord|--all]
 * [--nodes 100] [--ops 1000] [--script opendht_bench.py] [--python /usr/bin/python3] [--no-opendht]}; see
 * {@code overlay-bench.sh}. Prints one table on stdout.
 */
public final class OverlayLoopbackBench {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayLoopbackBench.class);
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(10);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** One row of the table: latencies in ms (median, p95) and throughput in requests/s. */
    record Row(String impl, int nodes, int ok, int failed, double[] round, double[] put, double[] get,
            double served, String note) {
    }

    private OverlayLoopbackBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> algorithms = new ArrayList<>();
        int nodes = 100;
        int ops = 1000;
        int warmup = 100;
        boolean opendht = true;
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path script = Path.of("itests/bench/opendht_bench.py");
        long pyTimeout = 600;
        KademliaNode.Parameters kad = KademliaNode.Parameters.DEFAULTS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--all" -> algorithms.addAll(List.of("kademlia", "bamboo", "chord"));
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--ops" -> ops = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--no-opendht" -> opendht = false;
                case "--python" -> python = args[++i];
                case "--script" -> script = Path.of(args[++i]);
                case "--opendht-timeout" -> pyTimeout = Long.parseLong(args[++i]);
                case "--kademlia-k" -> kad = new KademliaNode.Parameters(Integer.parseInt(args[++i]), kad.alpha(),
                        kad.refresh()); // an experiment: the default is the paper's 20
                case "--kademlia-alpha" -> kad = new KademliaNode.Parameters(kad.k(), Integer.parseInt(args[++i]),
                        kad.refresh());
                case "kademlia", "bamboo", "chord" -> algorithms.add(args[i]);
                default -> {
                    System.err.println("usage: OverlayLoopbackBench [kademlia|bamboo|chord|--all] [--nodes N] "
                            + "[--ops N] [--warmup N] [--no-opendht] [--python EXE] [--script opendht_bench.py] "
                            + "[--opendht-timeout S] [--kademlia-k K] [--kademlia-alpha A]");
                    System.exit(2);
                }
            }
        }
        if (algorithms.isEmpty()) algorithms.add("kademlia");
        List<Row> rows = new ArrayList<>();
        kademlia = kad;
        for (String algorithm : algorithms) rows.add(peerline(algorithm, nodes, ops, warmup));
        if (opendht) rows.add(openDht(python, script, nodes, ops, warmup, pyTimeout));
        print(rows);
    }

    private static KademliaNode.Parameters kademlia = KademliaNode.Parameters.DEFAULTS;

    static OverlayRunner.Factory factory(String algorithm) {
        KademliaNode.Parameters kad = kademlia;
        return switch (algorithm) {
            case "kademlia" -> (s, c, n) -> new KademliaNode(s, c, n, OverlayNode.Config.DEFAULTS, kad);
            case "bamboo" -> (s, c, n) -> new BambooNode(s, c, n, OverlayNode.Config.DEFAULTS,
                    BambooNode.Parameters.DEFAULTS);
            case "chord" -> (s, c, n) -> new ChordNode(s, c, n, OverlayNode.Config.DEFAULTS,
                    ChordNode.Parameters.DEFAULTS);
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    // ---- Peerline ----

    static Row peerline(String algorithm, int count, int ops, int warmup) throws Exception {
        Path data = Files.createTempDirectory("peerline-bench-");
        List<OverlayRunner> nodes = new ArrayList<>();
        try (UdpTransport udp = new UdpTransport()) {
            try {
                long t0 = System.nanoTime();
                OverlayRunner.Factory factory = factory(algorithm);
                nodes.add(OverlayRunner.start(factory, udp, LOOPBACK, data.resolve("n0"), List.of()));
                await(nodes.get(0).joining(), Duration.ofSeconds(30));
                List<InetSocketAddress> seed = List.of(nodes.get(0).node().address());
                for (int i = 1; i < count; i++) {
                    nodes.add(OverlayRunner.start(factory, udp, LOOPBACK, data.resolve("n" + i), seed));
                    if (i % 10 == 0) { // ten joins at a time: each join looks up its own id through the others
                        for (OverlayRunner r : nodes) await(r.joining(), Duration.ofSeconds(60));
                    }
                }
                for (OverlayRunner r : nodes) await(r.joining(), Duration.ofSeconds(60));
                LOG.info("{}: {} nodes joined in {} s", algorithm, count, (System.nanoTime() - t0) / 1_000_000_000.0);

                Map<String, Long> start = totals(nodes);
                Random random = new Random(1);
                List<double[]> samples = new ArrayList<>(); // put, get, round
                Map<Id, SignedValue> stored = new LinkedHashMap<>();
                int failed = 0;
                for (int i = 0; i < warmup + ops; i++) {
                    int w = random.nextInt(count);
                    int r = (w + 1 + random.nextInt(count - 1)) % count;
                    Id key = Id.of("bench-" + algorithm + "-" + i);
                    byte[] value = ("sip:user" + i + "@127.0.0.1").getBytes(StandardCharsets.UTF_8);
                    long a = System.nanoTime();
                    SignedValue v;
                    List<SignedValue> got;
                    try {
                        v = await(nodes.get(w).node().put(key, value, Duration.ofMinutes(30)), OP_TIMEOUT);
                        long b = System.nanoTime();
                        got = await(nodes.get(r).node().get(key), OP_TIMEOUT);
                        long c = System.nanoTime();
                        if (!got.contains(v)) throw new IllegalStateException("value not found");
                        stored.put(key, v);
                        if (i >= warmup) samples.add(new double[] {(b - a) / 1e6, (c - b) / 1e6, (c - a) / 1e6});
                    } catch (Exception e) {
                        if (i >= warmup) failed++;
                        LOG.debug("round {} failed", i, e);
                    }
                }
                Map<String, Long> d = totals(nodes);
                d.replaceAll((k, v) -> v - start.getOrDefault(k, 0L));
                StringBuilder types = new StringBuilder();
                d.forEach((k, v) -> {
                    if (k.startsWith("sent.messages.") && v > 0) {
                        types.append(String.format(Locale.ROOT, " %s %.1f", k.substring(14), v / (double) (warmup + ops)));
                    }
                });
                Throughput tp = throughput(nodes.get(random.nextInt(count)), nodes, stored);
                int rounds = warmup + ops;
                String note = String.format(Locale.ROOT, "per put+get round: %.1f datagrams sent, %.2f lookups of "
                        + "%.2f hops, %.2f FIND_NODE, address validation: %.2f lookup steps trimmed, %.2f replies "
                        + "emptied and asked again; %.2f rpc time-outs", d.get("sent.messages") / (double) rounds,
                        d.get("lookups") / (double) rounds,
                        d.get("lookup.hops") / (double) Math.max(1, d.get("lookups")),
                        d.get("sent.messages.FIND_NODE") / (double) rounds,
                        d.get("amplification.trimmed") / (double) rounds,
                        (d.get("amplification.truncated") - d.get("amplification.trimmed")) / (double) rounds,
                        d.get("rpc.timeouts") / (double) rounds)
                        + " (by type:" + types + ")";
                return new Row("peerline-" + algorithm, count, samples.size(), failed, column(samples, 2),
                        column(samples, 0), column(samples, 1), tp.perSecond, note + "; " + tp.note);
            } finally {
                closeAll(nodes);
                try (Stream<Path> walk = Files.walk(data)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static Map<String, Long> totals(List<OverlayRunner> nodes) {
        Map<String, Long> sum = new java.util.TreeMap<>();
        for (String k : List.of("rpc.timeouts", "rpc.retransmissions", "amplification.truncated",
                "amplification.trimmed", "lookups",
                "lookup.hops", "sent.messages", "sent.messages.FIND_NODE")) {
            sum.put(k, 0L);
        }
        for (OverlayRunner r : nodes) {
            r.node().stats().forEach((k, v) -> {
                if (sum.containsKey(k) || k.startsWith("sent.messages.")) sum.merge(k, v, Long::sum);
            });
        }
        return sum;
    }

    /** Leaves and closes every node, in parallel (each bounded by {@link OverlayRunner#LEAVE_TIMEOUT}). */
    private static void closeAll(List<OverlayRunner> nodes) {
        CompletableFuture.allOf(nodes.stream().map(r -> CompletableFuture.runAsync(r::close))
                .toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    record Throughput(double perSecond, String note) {
    }

    /**
     * The requests/s {@code target} serves: a window of 64 GETs in flight from one plain UDP socket for keys the
     * target stores, 1 s warm-up, then 3 s counted. A request lost or unanswered for 1 s is dropped from the window
     * and counted.
     */
    static Throughput throughput(OverlayRunner target, List<OverlayRunner> nodes, Map<Id, SignedValue> stored)
            throws Exception {
        List<Id> keys = target.loop().call(() -> {
            List<Id> held = new ArrayList<>();
            for (Id k : stored.keySet()) if (!target.node().storage().get(k, Instant.now()).isEmpty()) held.add(k);
            return held;
        }, Duration.ofSeconds(10));
        if (keys.isEmpty()) return new Throughput(Double.NaN, "target holds no record");
        Id me = Id.of("load-generator");
        int tag = Wire.algorithmTag(target.node().algorithm()) << 4; // Rpc drops another algorithm's messages
        InetSocketAddress to = target.node().address();
        int window = 64;
        long served = 0;
        long truncated = 0;
        long lost = 0;
        long getsBefore = 0;
        long measuredFrom = 0;
        try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
            ch.bind(LOOPBACK).configureBlocking(false).register(selector, SelectionKey.OP_READ);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            Map<Long, Long> inFlight = new HashMap<>();
            Random random = new Random(2);
            ByteBuffer rx = ByteBuffer.allocate(Wire.DEFAULT_MAX_MESSAGE + 1);
            long start = System.nanoTime();
            long warm = start + TimeUnit.SECONDS.toNanos(1);
            long end = warm + TimeUnit.SECONDS.toNanos(3);
            long lastSweep = start;
            boolean counting = false;
            int next = 0;
            byte[] token = null;
            while (System.nanoTime() < end) {
                if (!counting && System.nanoTime() >= warm) {
                    counting = true;
                    measuredFrom = System.nanoTime();
                    getsBefore = target.node().stats().getOrDefault("received.messages.GET", 0L);
                    served = truncated = lost = 0;
                }
                while (inFlight.size() < window) {
                    long txid = random.nextLong();
                    Message.Builder get = Message.builder(MessageType.GET, txid, me, port).flags(tag)
                            .id(Message.F_KEY, keys.get(next++ % keys.size()));
                    if (token != null) get.bytes(Rpc.F_TOKEN, token); // the node's proof of our address
                    ch.send(ByteBuffer.wrap(Wire.encode(get.build())), to);
                    inFlight.put(txid, System.nanoTime());
                }
                selector.select(5);
                selector.selectedKeys().clear();
                for (;;) {
                    rx.clear();
                    if (ch.receive(rx) == null) break;
                    rx.flip();
                    byte[] d = new byte[rx.remaining()];
                    rx.get(d);
                    Message m;
                    try {
                        m = Wire.decode(d);
                    } catch (WireException e) {
                        continue;
                    }
                    if ((m.flags() & Rpc.RESPONSE) == 0) continue;
                    if (m.has(Rpc.F_TOKEN)) token = m.raw(Rpc.F_TOKEN);
                    if (inFlight.remove(m.txid()) == null) continue;
                    if ((m.flags() & Rpc.TRUNCATED) != 0) truncated++;
                    else if (m.type() == MessageType.VALUES && m.has(Message.F_VALUE)) served++;
                }
                long now = System.nanoTime();
                if (now - lastSweep > TimeUnit.MILLISECONDS.toNanos(100)) {
                    lastSweep = now;
                    int before = inFlight.size();
                    inFlight.values().removeIf(sent -> now - sent > TimeUnit.SECONDS.toNanos(1));
                    lost += before - inFlight.size();
                }
            }
        }
        double seconds = (System.nanoTime() - measuredFrom) / 1e9;
        long gets = target.node().stats().getOrDefault("received.messages.GET", 0L) - getsBefore;
        return new Throughput(served / seconds, String.format(Locale.ROOT,
                "throughput: %d keys held, node counted %.0f GET/s, %d truncated, %d lost", keys.size(),
                gets / seconds, truncated, lost));
    }

    // ---- OpenDHT ----

    static Row openDht(String python, Path script, int nodes, int ops, int warmup, long timeoutSeconds)
            throws Exception {
        if (!Files.isRegularFile(script)) {
            return new Row("opendht", nodes, 0, 0, null, null, null, Double.NaN, "no script at " + script);
        }
        List<String> cmd = List.of(python, script.toString(), "--nodes", Integer.toString(nodes), "--ops",
                Integer.toString(ops), "--warmup", Integer.toString(warmup), "--network", "4242", "--timeout",
                Long.toString(Math.max(60, timeoutSeconds - 30)));
        LOG.info("opendht: {}", String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread killer = new Thread(p::destroyForcibly, "opendht-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            CompletableFuture<String> json = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    String last = null;
                    while ((line = in.readLine()) != null) if (line.startsWith("{")) last = line;
                    return last;
                } catch (IOException e) {
                    return null;
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                return new Row("opendht", nodes, 0, 0, null, null, null, Double.NaN,
                        "timed out after " + timeoutSeconds + " s");
            }
            String line = json.get(10, TimeUnit.SECONDS);
            if (line == null) {
                return new Row("opendht", nodes, 0, 0, null, null, null, Double.NaN, "exit " + p.exitValue()
                        + ", no result");
            }
            int total = (int) number(line, "ops");
            int failed = (int) number(line, "failed");
            return new Row("opendht", nodes, total - failed, failed, stat(line, "round_ms"), stat(line, "put_ms"),
                    stat(line, "get_ms"), Double.NaN, "python3-opendht 2.4.12, started in "
                    + number(line, "start_s") + " s");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    /** A number field of the script's flat JSON. */
    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\\s*(-?[0-9.eE+-]+|NaN)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** {@code {"median": .., "p95": ..}} of one object field. */
    private static double[] stat(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\\s*\\{([^}]*)\\}").matcher(json);
        if (!m.find()) return null;
        return new double[] {number(m.group(1), "median"), number(m.group(1), "p95")};
    }

    // ---- statistics and the table ----

    private static double[] column(List<double[]> samples, int i) {
        double[] xs = samples.stream().mapToDouble(s -> s[i]).sorted().toArray();
        if (xs.length == 0) return null;
        return new double[] {percentile(xs, 50), percentile(xs, 95)};
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void print(List<Row> rows) {
        Row dht = rows.stream().filter(r -> r.impl().equals("opendht") && r.round() != null).findFirst()
                .orElse(null);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-18s %5s %9s %21s %21s %21s %15s %12s%n", "implementation", "nodes",
                "ok/fail", "put+get ms med/p95", "put ms med/p95", "get ms med/p95", "vs OpenDHT", "per-node req/s");
        for (Row r : rows) {
            String ratio = dht == null || r == dht || r.round() == null ? "" : String.format(Locale.ROOT,
                    "%.2fx/%.2fx", r.round()[0] / dht.round()[0], r.round()[1] / dht.round()[1]);
            System.out.printf(Locale.ROOT, "%-18s %5d %9s %21s %21s %21s %15s %12s%n", r.impl(), r.nodes(),
                    r.ok() + "/" + r.failed(), pair(r.round()), pair(r.put()), pair(r.get()), ratio,
                    Double.isNaN(r.served()) ? "-" : String.format(Locale.ROOT, "%,.0f", r.served()));
        }
        System.out.println();
        for (Row r : rows) System.out.println(r.impl() + ": " + r.note());
        System.out.println("ratio = Peerline / OpenDHT put+get (median/p95): below 1 is faster. Goal (issue 4): "
                + "at most 1, and at least 1,500 requests/s served per node.");
    }

    private static String pair(double[] v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", v[0], v[1]);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> s, Duration timeout) throws Exception {
        return s.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
