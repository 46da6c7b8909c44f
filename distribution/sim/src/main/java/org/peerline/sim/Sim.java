package org.peerline.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.OverlayListener;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * {@code ./peerline sim}: runs the real overlay node code on a {@link SimNetwork} under virtual time, then reports
 * hops, lookup consistency (the root reached is the one the algorithm's metric names among the live nodes),
 * latency, maintenance bandwidth and record availability, as a table, a JSON line and an HTML report.
 */
public final class Sim {
    record Options(String overlay, int nodes, int lookups, double churnMedianS, int durationS, long seed,
                   String latency, Path report, boolean json) {
        static final String USAGE = "usage: peerline sim --overlay bamboo|chord|kademlia --nodes N --lookups M "
                + "[--churn-median SECONDS] [--duration SECONDS] [--seed S] [--latency uniform|constant:MS] "
                + "[--report FILE.html] [--json]";

        static Options parse(String[] a) {
            Map<String, String> m = new LinkedHashMap<>();
            boolean json = false;
            for (int i = 0; i < a.length; i++) {
                if (a[i].equals("--json")) {
                    json = true;
                } else if (a[i].startsWith("--") && i + 1 < a.length) {
                    m.put(a[i].substring(2), a[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected '" + a[i] + "'");
                }
            }
            for (String k : m.keySet()) {
                if (!List.of("overlay", "nodes", "lookups", "churn-median", "duration", "seed", "latency", "report")
                        .contains(k)) {
                    throw new IllegalArgumentException("unknown option '--" + k + "'");
                }
            }
            String overlay = m.getOrDefault("overlay", "kademlia");
            if (!List.of("kademlia", "bamboo", "chord").contains(overlay)) {
                throw new IllegalArgumentException("--overlay must be bamboo, chord or kademlia, not '" + overlay + "'");
            }
            int nodes = positive(m.getOrDefault("nodes", "100"), "--nodes");
            if (nodes > 250_000) throw new IllegalArgumentException("--nodes above 250000 is not supported");
            return new Options(overlay, nodes, positive(m.getOrDefault("lookups", "1000"), "--lookups"),
                    m.containsKey("churn-median") ? positive(m.get("churn-median"), "--churn-median") : 0,
                    positive(m.getOrDefault("duration", "60"), "--duration"),
                    Long.parseLong(m.getOrDefault("seed", "1")), m.getOrDefault("latency", "uniform"),
                    m.containsKey("report") ? Path.of(m.get("report")) : null, json);
        }

        private static int positive(String v, String name) {
            try {
                int n = Integer.parseInt(v);
                if (n <= 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a positive number, not '" + v + "'");
            }
        }
    }

    private final Options o;
    private final Random rnd;
    private final SimClock clock = new SimClock(1_700_000_000_000L);
    private final SimNetwork net;
    private final List<OverlayNode> live = new ArrayList<>();
    private final List<Integer> hops = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();
    private int nextAddress;

    Sim(Options o) {
        this.o = o;
        this.rnd = new Random(o.seed());
        this.net = new SimNetwork(clock, o.seed()).latency(latency(o.latency()));
    }

    static SimNetwork.Latency latency(String model) {
        if (model.startsWith("constant:")) {
            long ms = Long.parseLong(model.substring(9));
            return (a, b) -> ms;
        }
        if (!model.equals("uniform")) throw new IllegalArgumentException("--latency must be uniform or constant:MS");
        return (a, b) -> { // symmetric, 5..100 ms one way, fixed per pair
            int h = (a.hashCode() ^ b.hashCode()) * 0x9E3779B9;
            return 5 + Math.floorMod(h >>> 8, 96);
        };
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("peerline sim: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            new Sim(o).run();
        } catch (RuntimeException | IOException | ReflectiveOperationException e) {
            System.err.println("peerline sim: " + e);
            System.exit(1);
        }
    }

    Map<String, Object> run() throws IOException, ReflectiveOperationException {
        long wall = System.nanoTime();
        for (int i = 0; i < o.nodes(); i++) add();
        // idle window: only maintenance traffic
        long bytesBefore = net.stat("bytes");
        long t0 = clock.now();
        clock.runUntil(clock.now() + o.durationS() * 1000L);
        double maintenance = (net.stat("bytes") - bytesBefore) / (double) live.size() / ((clock.now() - t0) / 1000.0);
        // records, lookups (with churn between them), records again
        List<Id> records = new ArrayList<>();
        for (int i = 0; i < Math.min(100, o.lookups()); i++) {
            Id key = Id.of("record-" + i);
            if (await(pick().put(key, ("v" + i).getBytes(StandardCharsets.UTF_8), Duration.ofHours(24))) != null) {
                records.add(key);
            }
        }
        long step = Math.max(1, o.durationS() * 1000L / o.lookups());
        long lastChurn = clock.now();
        for (int i = 0; i < o.lookups(); i++) {
            if (o.churnMedianS() > 0) {
                churn(clock.now() - lastChurn); // by the virtual time that really passed, lookups included
                lastChurn = clock.now();
            }
            lookup();
            clock.runUntil(clock.now() + step);
        }
        int found = 0;
        for (Id key : records) {
            List<?> values = await(pick().get(key));
            if (values != null && !values.isEmpty()) found++;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("overlay", o.overlay());
        r.put("nodes", o.nodes());
        r.put("lookups", o.lookups());
        r.put("hops_mean", round(hops.stream().mapToInt(Integer::intValue).average().orElse(0)));
        r.put("hops_p95", percentile(hops.stream().map(Integer::longValue).toList(), 95));
        r.put("success_rate", round(outcomes.stream().filter(b -> b).count() / (double) Math.max(1, outcomes.size())));
        r.put("latency_ms_p50", percentile(latencies, 50));
        r.put("latency_ms_p95", percentile(latencies, 95));
        r.put("latency_ms_p99", percentile(latencies, 99));
        r.put("maintenance_bytes_per_node_s", round(maintenance));
        r.put("record_availability", round(found / (double) Math.max(1, records.size())));
        r.put("churn_median_s", o.churnMedianS());
        r.put("virtual_seconds", (clock.now() - 1_700_000_000_000L) / 1000);
        r.put("wall_seconds", round((System.nanoTime() - wall) / 1e9));
        print(r);
        if (o.report() != null) Report.write(o.report(), r, hops, latencies, outcomes);
        return r;
    }

    private void print(Map<String, Object> r) {
        System.out.printf(Locale.ROOT, "%-30s %s%n", "metric", "value");
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-30s %s%n", k, v));
        if (o.json()) {
            StringBuilder b = new StringBuilder("{");
            r.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v instanceof String s ? "\"" + s + "\"" : v));
            System.out.println(b.append('}'));
        }
    }

    /** One lookup from a random live node to a random key: hops, virtual latency, and whether it reached the root. */
    private void lookup() {
        OverlayNode from = pick();
        Id key = Id.of(Long.toString(rnd.nextLong()));
        long before = from.stats().getOrDefault("lookup.hops", 0L);
        long start = clock.now();
        byte[] root = await(from.route(key, new byte[] {1}));
        latencies.add(clock.now() - start);
        hops.add((int) (from.stats().getOrDefault("lookup.hops", 0L) - before));
        outcomes.add(root != null && Id.of(root).equals(ideal(key)));
    }

    /** The node the algorithm's metric makes responsible for {@code key} among the live nodes. */
    Id ideal(Id key) {
        BigInteger k = new BigInteger(1, key.toBytes());
        BigInteger ring = BigInteger.ONE.shiftLeft(160);
        Comparator<OverlayNode> by = switch (o.overlay()) {
            case "kademlia" -> Comparator.comparing(n -> new BigInteger(1, n.id().toBytes()).xor(k));
            case "chord" -> Comparator.comparing(n -> new BigInteger(1, n.id().toBytes()).subtract(k).mod(ring));
            default -> Comparator.comparing(n -> { // bamboo: numerically closest on the ring
                BigInteger d = new BigInteger(1, n.id().toBytes()).subtract(k).mod(ring);
                return d.min(ring.subtract(d));
            });
        };
        return live.stream().min(by).orElseThrow().id();
    }

    /** Exponential sessions with the given median: each live node leaves with the matching probability. */
    private void churn(long stepMs) {
        double rate = Math.log(2) / (o.churnMedianS() * 1000.0);
        double p = 1 - Math.exp(-rate * stepMs);
        for (OverlayNode n : List.copyOf(live)) {
            if (live.size() > 2 && rnd.nextDouble() < p) {
                n.stop();
                net.remove(n.address());
                live.remove(n);
                try {
                    add(); // a newcomer keeps the population steady
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private OverlayNode pick() {
        return live.get(rnd.nextInt(live.size()));
    }

    private void add() throws ReflectiveOperationException {
        int i = nextAddress++;
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8),
                    (byte) i}), 5062);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        OverlayNode node = create(signer(o.seed() * 1_000_003L + i), clock, r -> net.endpoint(address, r));
        node.addListener(new OverlayListener() {
            @Override
            public byte[] deliver(Id key, byte[] message) {
                return node.id().toBytes();
            }
        });
        List<InetSocketAddress> bootstrap = live.isEmpty() ? List.of() : List.of(pick().address());
        await(node.join(bootstrap));
        live.add(node);
    }

    /** The algorithm's node, by name: its constructor (Signer, Clock, network, Config[, Parameters.DEFAULTS]). */
    private OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network)
            throws ReflectiveOperationException {
        String cls = switch (o.overlay()) {
            case "kademlia" -> "org.peerline.overlay.kademlia.KademliaNode";
            case "chord" -> "org.peerline.overlay.chord.ChordNode";
            default -> "org.peerline.overlay.bamboo.BambooNode";
        };
        Class<?> c;
        try {
            c = Class.forName(cls);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the " + o.overlay() + " overlay is not installed (" + cls + ")");
        }
        for (var k : c.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            if (p.length < 4 || p[0] != Signer.class || p[1] != Clock.class || p[3] != OverlayNode.Config.class) continue;
            Object[] args = Arrays.copyOf(new Object[] {signer, clock, network, OverlayNode.Config.DEFAULTS}, p.length);
            for (int i = 4; i < p.length; i++) args[i] = defaults(p[i]);
            return (OverlayNode) k.newInstance(args);
        }
        throw new IllegalStateException(cls + " has no (Signer, Clock, Function, Config...) constructor");
    }

    private static Object defaults(Class<?> type) throws ReflectiveOperationException {
        for (String name : new String[] {"DEFAULTS", "DEFAULT"}) {
            try {
                return type.getField(name).get(null);
            } catch (NoSuchFieldException e) {
                // try the next
            }
        }
        return type.getConstructor().newInstance();
    }

    /** Runs virtual time until the stage completes (at most 5 virtual minutes); null if it failed or timed out. */
    private <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        long deadline = clock.now() + 300_000;
        while (!f.isDone() && clock.now() < deadline && clock.step()) {
            // events run in virtual time
        }
        return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    static Signer signer(long seed) {
        return Signer.seeded(seed);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) return 0;
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
