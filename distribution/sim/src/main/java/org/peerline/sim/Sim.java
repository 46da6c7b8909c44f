package org.peerline.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.IdentityHashMap;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
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
                   String latency, Path report, boolean json, int maxJoins, String params) {
        static final String USAGE = "usage: peerline sim --overlay bamboo|chord|kademlia --nodes N --lookups M "
                + "[--churn-median SECONDS] [--duration SECONDS] [--seed S] [--latency uniform|constant:MS] "
                + "[--report FILE.html] [--json] [--max-joins N] [--params NAME=VALUE,...]";

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
                if (!List.of("overlay", "nodes", "lookups", "churn-median", "duration", "seed", "latency", "report",
                        "max-joins", "params").contains(k)) {
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
                    m.containsKey("report") ? Path.of(m.get("report")) : null, json,
                    positive(m.getOrDefault("max-joins", Integer.toString(Math.max(2000, nodes / 20))), "--max-joins"),
                    m.get("params"));
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

    private static final long SETTLE_MS = 120_000;
    private static final long DRAIN_MS = 300_000;

    /** A record in the availability pool: put by {@code owner}, checked while the owner lives. */
    private record Rec(Id key, OverlayNode owner, byte[] value) {
    }

    private final Options o;
    private final Random rnd;
    private final SimClock clock = new SimClock(1_700_000_000_000L);
    private final SimNetwork net;
    private final Population live = new Population(); // alive and joined
    private final NavigableMap<Id, OverlayNode> ring = new TreeMap<>(); // ids of live
    private final NavigableMap<Id, OverlayNode> alive = new TreeMap<>(); // live and joining
    private final List<Integer> hops = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();
    private final List<Rec> records = new ArrayList<>();
    private Constructor<?> constructor;
    private Object[] extraArgs;
    private int nextAddress;
    private int joining;
    private boolean churning;
    private long joinFailures;
    private long deaths;
    private long lookupFailures;
    private long lookupsAbandoned;
    private long hopsUnattributed;
    private long gets;
    private long getsFound;
    private long pending;

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
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
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
        } catch (IllegalArgumentException e) {
            System.err.println("peerline sim: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException | IOException | ReflectiveOperationException e) {
            System.err.println("peerline sim: " + e);
            System.exit(1);
        }
    }

    /**
     * Phases, all in virtual time: (1) build: nodes join through random joined nodes, up to a quarter of the
     * network at once (capped), as a real deployment grows; 100 records are put; (2) settle for two minutes, then
     * a static network's maintenance bytes are counted over a minute (at most {@code --duration}); (3) with churn,
     * sessions start (exponential, Bamboo's model: a dead node is replaced by a fresh one with a new id) and run a
     * warm-up of twice the median (2 to 20 minutes), then (4) a maintenance window of {@code --duration}: no
     * lookups, so the bytes sent are maintenance, joins included; (5) lookup window of {@code --duration}: lookups
     * and record gets at a steady rate, each judged when it completes.
     */
    Map<String, Object> run() throws IOException, ReflectiveOperationException {
        long wall = System.nanoTime();
        resolve();
        build();
        progress("built", wall);
        heartbeat(wall);
        for (int i = 0; i < Math.min(100, o.lookups()); i++) putRecord();
        drain(clock.now() + DRAIN_MS);
        // static: maintenance is measured over a minute (at most --duration) after the settling, a steady state
        long staticWindow = o.churnMedianS() > 0 ? 0 : Math.min(60_000, o.durationS() * 1000L);
        clock.advance(SETTLE_MS);
        long bytesBefore = net.stat("bytes");
        long t0 = clock.now();
        clock.advance(staticWindow);
        progress("settled", wall);
        long buildWall = System.nanoTime();
        System.gc();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heapLive = mem.getHeapMemoryUsage().getUsed();
        double maintenance = rate(bytesBefore, t0);
        if (o.churnMedianS() > 0) {
            churning = true;
            for (OverlayNode n : live.all()) scheduleDeath(n);
            clock.advance(Math.max(120_000, Math.min(1_200_000, (long) (2000 * o.churnMedianS()))));
            // with churn, maintenance (joins included) over a window of --duration after the warm-up
            bytesBefore = net.stat("bytes");
            t0 = clock.now();
            clock.advance(o.durationS() * 1000L);
            progress("maintenance window done", wall);
            maintenance = rate(bytesBefore, t0);
        }
        // lookups and gets at a steady rate
        long step = Math.max(1, o.durationS() * 1000L / o.lookups());
        long lookupStart = clock.now();
        for (int i = 0; i < o.lookups(); i++) clock.schedule(i * step, this::lookupAndGet);
        clock.advance(o.durationS() * 1000L);
        churning = false;
        progress("lookup window done", wall);
        drain(clock.now() + DRAIN_MS);
        lookupsAbandoned += pending;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("overlay", o.overlay());
        r.put("nodes", o.nodes());
        r.put("lookups", o.lookups());
        r.put("hops_mean", round(hops.stream().mapToInt(Integer::intValue).average().orElse(0)));
        r.put("hops_p95", percentile(hops.stream().map(Integer::longValue).toList(), 95));
        long right = outcomes.stream().filter(b -> b).count(); // five places: 99.99% is an anchor
        r.put("success_rate", Math.round(right * 1e5 / Math.max(1, outcomes.size())) / 1e5);
        r.put("lookup_failures", lookupFailures + lookupsAbandoned);
        r.put("latency_ms_p50", percentile(latencies, 50));
        r.put("latency_ms_p95", percentile(latencies, 95));
        r.put("latency_ms_p99", percentile(latencies, 99));
        r.put("maintenance_bytes_per_node_s", round(maintenance));
        r.put("record_availability", round(getsFound / (double) Math.max(1, gets)));
        r.put("record_gets", gets);
        r.put("churn_median_s", o.churnMedianS());
        r.put("deaths", deaths);
        r.put("join_failures", joinFailures);
        r.put("hops_unattributed", hopsUnattributed);
        r.put("lookup_window_s", (clock.now() - lookupStart) / 1000);
        r.put("virtual_seconds", (clock.now() - 1_700_000_000_000L) / 1000);
        r.put("events", clock.executed());
        r.put("rpc_peers_per_node", round(live.all().stream().mapToLong(n -> n.stats().getOrDefault("rpc.peers", 0L))
                .average().orElse(0)));
        r.put("heap_live_mb", heapLive >> 20);
        r.put("heap_peak_mb", peakHeap() >> 20);
        r.put("build_wall_seconds", round((buildWall - wall) / 1e9));
        r.put("wall_seconds", round((System.nanoTime() - wall) / 1e9));
        print(r);
        if (o.report() != null) Report.write(o.report(), r, hops, latencies, outcomes);
        return r;
    }

    /** Bytes sent per node per second since {@code t0}, when {@code bytesBefore} had been sent. */
    private double rate(long bytesBefore, long t0) {
        return (net.stat("bytes") - bytesBefore) / (double) o.nodes() / Math.max(1, (clock.now() - t0) / 1000.0);
    }

    /** One line on stderr per phase of a large run (the figures a bounded run that is stopped leaves behind). */
    private void progress(String phase, long wallStart) {
        if (o.nodes() < 10_000) return;
        Runtime rt = Runtime.getRuntime();
        System.err.printf(Locale.ROOT, "peerline sim: %s, virtual %d s, wall %.0f s, events %d, heap %d MB%n", phase,
                (clock.now() - 1_700_000_000_000L) / 1000, (System.nanoTime() - wallStart) / 1e9, clock.executed(),
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    /** Every 10 virtual seconds, a progress line if a minute of wall time passed since the last (large runs). */
    private void heartbeat(long wallStart) {
        long[] last = {System.nanoTime()};
        Runnable[] beat = new Runnable[1];
        beat[0] = () -> {
            if (System.nanoTime() - last[0] > 60e9) {
                last[0] = System.nanoTime();
                progress("running", wallStart);
            }
            clock.schedule(10_000, beat[0]);
        };
        if (o.nodes() >= 10_000) clock.schedule(10_000, beat[0]);
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) peak += p.getPeakUsage().getUsed();
        }
        return peak;
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

    // ---- population ----

    /**
     * Grows the network to {@code --nodes}, joins in flight bounded by a quarter of the joined nodes and by
     * {@code --max-joins} (default 2,000 or a twentieth of the nodes; each join's lookups hold memory).
     */
    private void build() {
        long wall = System.nanoTime();
        long progress = Math.max(1, o.nodes() / 10);
        spawn();
        while (live.size() < o.nodes()) {
            int limit = Math.max(1, Math.min(o.maxJoins(), live.size() / 4));
            while (joining < limit && live.size() + joining < o.nodes() && !live.isEmpty()) spawn();
            int before = live.size();
            if (!clock.step()) throw new IllegalStateException("the network stopped growing at " + live.size());
            if (o.nodes() >= 10_000 && live.size() / progress != before / progress) {
                System.err.printf(Locale.ROOT, "peerline sim: %d nodes joined, virtual %d s, wall %.0f s%n",
                        live.size(), (clock.now() - 1_700_000_000_000L) / 1000, (System.nanoTime() - wall) / 1e9);
            }
        }
    }

    /** A fresh node with a new id, joining through a random joined node (the first one alone). */
    private void spawn() {
        OverlayNode node = create(nextAddress++);
        alive.put(node.id(), node);
        joining++;
        join(node, 3);
        if (churning) scheduleDeath(node);
    }

    private void join(OverlayNode node, int triesLeft) {
        List<InetSocketAddress> via = live.isEmpty() ? List.of() : List.of(live.random(rnd).address());
        node.join(via).whenComplete((x, e) -> {
            if (alive.get(node.id()) != node) return; // died while joining
            if (e == null) {
                joining--;
                live.add(node);
                ring.put(node.id(), node);
            } else if (triesLeft > 1) {
                clock.schedule(1000, () -> {
                    if (alive.get(node.id()) == node) join(node, triesLeft - 1);
                });
            } else {
                joinFailures++;
                kill(node);
                spawn();
            }
        });
    }

    /** Exponential session (Bamboo, Rhea et al. 2004 §5: median {@code --churn-median}); then a replacement. */
    private void scheduleDeath(OverlayNode node) {
        double mean = o.churnMedianS() * 1000 / Math.log(2);
        long session = (long) (-mean * Math.log(1 - rnd.nextDouble()));
        clock.schedule(session, () -> {
            if (!churning || alive.get(node.id()) != node) return;
            deaths++;
            kill(node);
            spawn();
        });
    }

    /** Removes {@code node} from the population first: what fails inside its stop() counts as the dead origin's. */
    private void kill(OverlayNode node) {
        alive.remove(node.id());
        if (live.remove(node)) ring.remove(node.id());
        else joining--;
        net.remove(node.address());
        node.stop();
    }

    // ---- measurements ----

    /** One lookup from a random live node to a random key, and one get of a record whose owner lives. */
    private void lookupAndGet() {
        if (live.isEmpty()) return;
        OverlayNode from = live.random(rnd);
        Id key = Id.of(Long.toString(rnd.nextLong()));
        Map<String, Long> before = from.stats();
        long start = clock.now();
        pending++;
        from.route(key, new byte[] {1}).whenComplete((root, e) -> {
            pending--;
            if (alive.get(from.id()) != from) return; // the origin died: not counted (Bamboo does the same)
            if (root == null || root.length != Id.BYTES) {
                lookupFailures++;
                outcomes.add(false);
                return;
            }
            Map<String, Long> after = from.stats();
            if (after.getOrDefault("lookups", 0L) - before.getOrDefault("lookups", 0L) == 1) {
                hops.add((int) (after.getOrDefault("lookup.hops", 0L) - before.getOrDefault("lookup.hops", 0L)));
            } else {
                hopsUnattributed++; // a maintenance lookup at the same node ended meanwhile
            }
            latencies.add(clock.now() - start);
            Id got = Id.of(root);
            outcomes.add(got.equals(ideal(key, ring)) || got.equals(ideal(key, alive)));
        });
        get();
    }

    /** Availability: a get from a random live node of a random record whose owner is alive. */
    private void get() {
        records.removeIf(r -> {
            if (alive.get(r.owner().id()) == r.owner()) return false;
            putRecord(); // the owner died: a live node puts another record
            return true;
        });
        if (records.isEmpty()) return;
        Rec rec = records.get(rnd.nextInt(records.size()));
        OverlayNode from = live.random(rnd);
        pending++;
        from.get(rec.key()).whenComplete((values, e) -> {
            pending--;
            if (alive.get(from.id()) != from) return;
            gets++;
            if (values != null && values.stream().anyMatch(v -> Arrays.equals(v.value(), rec.value())
                    && Arrays.equals(v.owner(), rec.owner().publicKey()))) {
                getsFound++;
            }
        });
    }

    private void putRecord() {
        if (live.isEmpty()) return;
        OverlayNode owner = live.random(rnd);
        byte[] value = ("v" + rnd.nextLong()).getBytes(StandardCharsets.UTF_8);
        Id key = Id.of("record-" + rnd.nextLong());
        owner.put(key, value, Duration.ofHours(24)).whenComplete((v, e) -> {
            if (e == null && alive.get(owner.id()) == owner) records.add(new Rec(key, owner, value));
        });
    }

    /** Runs virtual time until no lookup or get is pending, or until {@code deadline}. */
    private void drain(long deadline) {
        while (pending > 0 && clock.now() < deadline && clock.step()) {
            // events run in virtual time
        }
        if (pending == 0) clock.runUntil(clock.now() + 1); // puts in flight complete in the same instant or soon
    }

    /**
     * The node the algorithm's metric makes responsible for {@code key} among {@code nodes}: Kademlia the XOR-closest
     * (§2.1), Chord the successor (§IV.A), Bamboo the numerically closest (Pastry §2, clockwise on a tie).
     */
    Id ideal(Id key, NavigableMap<Id, OverlayNode> nodes) {
        if (nodes.isEmpty()) return null;
        switch (o.overlay()) {
            case "chord": {
                Id s = nodes.ceilingKey(key);
                return s != null ? s : nodes.firstKey();
            }
            case "kademlia":
                return xorClosest(nodes.navigableKeySet(), key);
            default: {
                Id s = nodes.ceilingKey(key);
                if (s == null) s = nodes.firstKey();
                Id p = nodes.floorKey(key);
                if (p == null) p = nodes.lastKey();
                BigInteger ring = BigInteger.ONE.shiftLeft(160);
                BigInteger k = new BigInteger(1, key.toBytes());
                BigInteger ds = new BigInteger(1, s.toBytes()).subtract(k).mod(ring);
                BigInteger dp = k.subtract(new BigInteger(1, p.toBytes())).mod(ring);
                return dp.compareTo(ds) < 0 ? p : s;
            }
        }
    }

    /** The XOR-closest id: descend bit by bit into the half sharing the key's bit while it holds an id. */
    static Id xorClosest(NavigableSet<Id> ids, Id key) {
        byte[] lo = new byte[Id.BYTES];
        byte[] hi = new byte[Id.BYTES];
        Arrays.fill(hi, (byte) 0xff);
        for (int bit = 0; bit < Id.BYTES * 8; bit++) {
            Id first = ids.ceiling(Id.of(lo));
            Id second = first == null ? null : ids.higher(first);
            if (second == null || second.compareTo(Id.of(hi)) > 0) return first;
            int mask = 0x80 >>> (bit & 7);
            boolean one = key.bit(bit) == 1;
            byte[] lo2 = lo.clone();
            byte[] hi2 = hi.clone();
            setBit(lo2, bit, mask, one);
            setBit(hi2, bit, mask, one);
            Id c = ids.ceiling(Id.of(lo2));
            if (c == null || c.compareTo(Id.of(hi2)) > 0) {
                setBit(lo2, bit, mask, !one);
                setBit(hi2, bit, mask, !one);
            }
            lo = lo2;
            hi = hi2;
        }
        return ids.ceiling(Id.of(lo));
    }

    private static void setBit(byte[] b, int bit, int mask, boolean one) {
        if (one) b[bit >>> 3] |= (byte) mask;
        else b[bit >>> 3] &= (byte) ~mask;
    }

    // ---- nodes ----

    private OverlayNode create(int i) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8),
                    (byte) i}), 5062);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Function<Network.Receiver, Network> network = r -> net.endpoint(address, r);
        Object[] args = new Object[4 + extraArgs.length];
        args[0] = signer(o.seed() * 1_000_003L + i);
        args[1] = clock;
        args[2] = network;
        args[3] = OverlayNode.Config.DEFAULTS;
        System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
        OverlayNode node;
        try {
            node = (OverlayNode) constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + o.overlay() + " node: " + e, e);
        }
        node.addListener(new OverlayListener() {
            @Override
            public byte[] deliver(Id key, byte[] message) {
                return node.id().toBytes();
            }
        });
        return node;
    }

    /** The algorithm's constructor, by name: (Signer, Clock, network, Config[, Parameters.DEFAULTS]). */
    private void resolve() throws ReflectiveOperationException {
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
        for (Constructor<?> k : c.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            if (p.length < 4 || p[0] != Signer.class || p[1] != Clock.class || p[3] != OverlayNode.Config.class) continue;
            extraArgs = new Object[p.length - 4];
            for (int i = 4; i < p.length; i++) extraArgs[i - 4] = defaults(p[i]);
            if (o.params() != null) {
                if (extraArgs.length == 0 || !p[4].isRecord()) {
                    throw new IllegalArgumentException("--params: " + o.overlay() + " has no parameters");
                }
                extraArgs[0] = withParams(extraArgs[0], o.params());
            }
            constructor = k;
            return;
        }
        throw new IllegalStateException(cls + " has no (Signer, Clock, Function, Config...) constructor");
    }

    /**
     * {@code defaults} (an algorithm's Parameters record) with the components named in {@code list}
     * ({@code b=1,alpha=5}; durations in seconds) replaced.
     */
    static Object withParams(Object defaults, String list) throws ReflectiveOperationException {
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        Object[] values = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            values[i] = rc[i].getAccessor().invoke(defaults);
            types[i] = rc[i].getType();
        }
        List<String> names = Arrays.stream(rc).map(RecordComponent::getName).toList();
        for (String pair : list.split(",")) {
            String[] nv = pair.split("=", 2);
            int i = names.indexOf(nv[0].trim());
            if (nv.length != 2 || i < 0) {
                throw new IllegalArgumentException("--params: '" + pair + "' is not NAME=VALUE with NAME one of "
                        + String.join(", ", names));
            }
            String v = nv[1].trim();
            try {
                values[i] = types[i] == int.class ? Integer.valueOf(v)
                        : types[i] == long.class ? Long.valueOf(v)
                        : types[i] == double.class ? Double.valueOf(v)
                        : types[i] == boolean.class ? Boolean.valueOf(v)
                        : types[i] == Duration.class ? Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000))
                        : null;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--params: " + nv[0] + " needs a number, not '" + v + "'");
            }
            if (values[i] == null) throw new IllegalArgumentException("--params: " + nv[0] + " cannot be set");
        }
        try {
            return defaults.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("--params: " + e.getCause().getMessage());
        }
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

    /** The joined, live nodes: O(1) add, remove and random pick. */
    private static final class Population {
        private final List<OverlayNode> nodes = new ArrayList<>();
        private final Map<OverlayNode, Integer> index = new IdentityHashMap<>();

        void add(OverlayNode n) {
            index.put(n, nodes.size());
            nodes.add(n);
        }

        boolean remove(OverlayNode n) {
            Integer i = index.remove(n);
            if (i == null) return false;
            OverlayNode last = nodes.remove(nodes.size() - 1);
            if (last != n) {
                nodes.set(i, last);
                index.put(last, i);
            }
            return true;
        }

        OverlayNode random(Random r) {
            return nodes.get(r.nextInt(nodes.size()));
        }

        int size() {
            return nodes.size();
        }

        boolean isEmpty() {
            return nodes.isEmpty();
        }

        List<OverlayNode> all() {
            return List.copyOf(nodes);
        }
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
