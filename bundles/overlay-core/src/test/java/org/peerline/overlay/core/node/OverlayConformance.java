package org.peerline.overlay.core.node;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.core.Crypto;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.SignedValues;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;
import org.peerline.overlay.core.Storage;
import org.peerline.overlay.core.Wire;

/**
 * The conformance suite every overlay algorithm passes (issue 4, "one shared conformance suite"): a subclass only
 * says how to build a node. Runs the real node code on {@link SimNetwork} under virtual time: deterministic keys,
 * latencies and loss, no threads, no sleeping. Figures are published with {@link TestReporter} (surefire XML).
 */
public abstract class OverlayConformance {
    /** A node of the algorithm under test at {@code address}, not yet joined. */
    protected abstract OverlayNode newNode(Signer signer, SimClock clock, SimNetwork net, InetSocketAddress address);

    /** Upper bound on mean lookup hops the algorithm must meet at {@code nodes} nodes. */
    protected double maxMeanHops(int nodes) {
        return 4.0;
    }

    protected SimClock clock;
    protected SimNetwork net;

    /** A deterministic Ed25519 key pair. */
    public static Signer signer(long seed) {
        return Signer.seeded(seed);
    }

    public static InetSocketAddress address(int i) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i}), 5062);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Builds {@code n} nodes; node 0 forms a network of one, the others join one by one through it. */
    protected List<OverlayNode> network(int n, long seed) {
        clock = new SimClock(1_700_000_000_000L);
        net = new SimNetwork(clock, seed).latency((a, b) -> {
            int h = (a.hashCode() ^ b.hashCode()) * 0x9E3779B9;
            return 5 + Math.floorMod(h >>> 8, 46); // symmetric, 5..50 ms one way
        });
        List<OverlayNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OverlayNode node = newNode(signer(seed * 1000 + i), clock, net, address(i));
            nodes.add(node);
            await(node.join(i == 0 ? List.of() : List.of(address(0))));
            assertTrue(node.joined());
        }
        return nodes;
    }

    /** Runs virtual time until {@code stage} completes (at most 10 virtual minutes); returns or throws its outcome. */
    protected <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        long deadline = clock.now() + 600_000;
        while (!f.isDone() && clock.now() < deadline) {
            if (!clock.step()) break;
        }
        assertTrue(f.isDone(), "not done within 10 virtual minutes");
        return f.join();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Publishes a measured figure to JUnit and appends it to {@code target/conformance-figures.txt} (surefire's XML
     * does not keep report entries), as {@code Class.test name=value}.
     */
    protected void figure(TestReporter report, String name, String value) {
        report.publishEntry(name, value);
        String line = getClass().getSimpleName() + "." + caller() + " " + name + "=" + value + System.lineSeparator();
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "conformance-figures.txt"), line,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String caller() {
        return StackWalker.getInstance().walk(s -> s.skip(2).findFirst().map(StackWalker.StackFrame::getMethodName)
                .orElse("?"));
    }

    protected static long sum(List<OverlayNode> nodes, String stat) {
        return nodes.stream().mapToLong(n -> n.stats().getOrDefault(stat, 0L)).sum();
    }

    @Test
    void networkOfOne() {
        List<OverlayNode> one = network(1, 7);
        OverlayNode n = one.get(0);
        SignedValue v = await(n.put(Id.of("solo"), bytes("here"), Duration.ofMinutes(10)));
        assertEquals(List.of(v), await(n.get(Id.of("solo"))));
        assertEquals(Optional.of(v), await(n.getFirst(Id.of("solo"))));
        assertEquals(List.of(v), n.owned());
        assertTrue(n.neighbors().isEmpty());
    }

    @Test
    void hundredNodesPutThenGetFromTwenty(TestReporter report) {
        List<OverlayNode> nodes = network(100, 1);
        Id key = Id.of("sip:alice@example.org");
        SignedValue v = await(nodes.get(5).put(key, bytes("sip:alice@10.1.0.5:5060"), Duration.ofHours(1)));
        long lookups0 = sum(nodes, "lookups");
        long hops0 = sum(nodes, "lookup.hops");
        int got = 0;
        int gotFirst = 0;
        for (int i = 10; i < 30; i++) {
            if (await(nodes.get(i).get(key)).equals(List.of(v))) got++;
            if (await(nodes.get(i).getFirst(key)).equals(Optional.of(v))) gotFirst++;
        }
        long lookups = sum(nodes, "lookups") - lookups0;
        double meanHops = (double) (sum(nodes, "lookup.hops") - hops0) / lookups;
        Id ownerHash = Crypto.nodeId(v.owner());
        Instant now = Instant.ofEpochMilli(clock.now());
        long replicas = nodes.stream().filter(n -> n.storage().get(key, ownerHash, now).isPresent()).count();
        figure(report, "get.success", got + "/20");
        figure(report, "getFirst.success", gotFirst + "/20");
        figure(report, "lookup.meanHops", String.format("%.2f", meanHops));
        figure(report, "replicas", Long.toString(replicas));
        figure(report, "amplification.truncated", Long.toString(sum(nodes, "amplification.truncated")));
        figure(report, "messages", Long.toString(net.stat("messages")));
        assertEquals(20, got);
        assertEquals(20, gotFirst);
        assertTrue(meanHops <= maxMeanHops(100), "mean hops " + meanHops);
        assertTrue(replicas >= OverlayNode.Config.DEFAULTS.quorum(), "replicas " + replicas);
    }

    @Test
    void routeReachesTheSameRootFromEveryNode() {
        List<OverlayNode> nodes = network(20, 8);
        for (OverlayNode n : nodes) {
            n.addListener(new org.peerline.api.overlay.OverlayListener() {
                @Override
                public byte[] deliver(Id key, byte[] message) {
                    return n.id().toBytes();
                }
            });
        }
        Id key = Id.of("route-me");
        java.util.Set<Id> roots = new java.util.HashSet<>();
        for (OverlayNode n : nodes) roots.add(Id.of(await(n.route(key, bytes("hello")))));
        assertEquals(1, roots.size(), "one root for a key in a static network");
    }

    @Test
    void removeByOwnerHidesTheValueAndOthersCannotRemoveIt() {
        List<OverlayNode> nodes = network(20, 2);
        Id key = Id.of("removable");
        OverlayNode owner = nodes.get(3);
        SignedValue v = await(owner.put(key, bytes("v"), Duration.ofHours(1)));
        await(nodes.get(9).remove(key)); // another node's tombstone is its own record: the owner's stays
        clock.advance(5_000);
        assertEquals(List.of(v), await(nodes.get(12).get(key)));
        await(owner.remove(key));
        clock.advance(5_000);
        assertEquals(List.of(), await(nodes.get(15).get(key)));
        assertEquals(Optional.empty(), await(nodes.get(16).getFirst(key)));
        assertTrue(owner.owned().get(0).isTombstone());
    }

    @Test
    void forgedAndReplayedStoresAreRejectedAndCounted(TestReporter report) throws Exception {
        List<OverlayNode> nodes = network(20, 3);
        Id key = Id.of("guarded");
        OverlayNode owner = nodes.get(4);
        SignedValue v1 = await(owner.put(key, bytes("first"), Duration.ofHours(1)));
        clock.advance(1_000);
        SignedValue v2 = await(owner.put(key, bytes("second"), Duration.ofHours(1)));
        clock.advance(5_000);
        // Mallory: a raw endpoint speaking the wire format, sending STOREs to every node.
        Signer mallory = signer(666);
        List<Integer> results = new ArrayList<>();
        Network m = net.endpoint(address(999), (from, d) -> {
            try {
                Message r = Wire.decode(d);
                if (r.type() == MessageType.STORE_ACK) results.add(r.u8(Message.F_RESULT));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        byte[] ownerKey = owner.publicKey();
        SignedValue forged = new SignedValue(key, bytes("evil"), ownerKey, v2.seq() + 1, v2.expires(),
                mallory.sign(SignedValues.toBeSigned(key, ownerKey, v2.seq() + 1, v2.expires(), bytes("evil"))));
        SignedValue forgedTombstone = new SignedValue(key, new byte[0], ownerKey, v2.seq() + 2, v2.expires(),
                mallory.sign(SignedValues.toBeSigned(key, ownerKey, v2.seq() + 2, v2.expires(), new byte[0])));
        long tx = 1;
        Instant now = Instant.ofEpochMilli(clock.now());
        int holders = 0;
        for (OverlayNode n : nodes) {
            List<SignedValue> sent = new ArrayList<>(List.of(forged, forgedTombstone));
            if (n.storage().get(key, owner.id(), now).isPresent()) {
                sent.add(v1); // a replay: only a holder of v2 can tell (elsewhere v1 is news)
                holders++;
            }
            for (SignedValue bad : sent) {
                m.send(n.address(), Wire.encode(Message.builder(MessageType.STORE, tx++, mallory.id(), 5062)
                        .signedValue(Message.F_VALUE, bad).build()));
            }
        }
        clock.advance(5_000);
        assertEquals(2 * nodes.size() + holders, results.size());
        for (int r : results) assertFalse(Storage.Result.values()[r].ok(), Storage.Result.values()[r].name());
        long badSig = sum(nodes, "store.BAD_SIGNATURE");
        long stale = sum(nodes, "store.STALE_SEQ");
        figure(report, "rejected.badSignature", Long.toString(badSig));
        figure(report, "rejected.staleSeq", Long.toString(stale));
        assertEquals(2 * nodes.size(), badSig);
        assertEquals(holders, stale);
        assertTrue(holders >= OverlayNode.Config.DEFAULTS.quorum());
        assertEquals(List.of(v2), await(nodes.get(17).get(key)));
        // and through the API: a re-publish of the forged value is refused before it leaves the node
        assertThrows(Exception.class, () -> await(nodes.get(1).put(forged)));
    }

    @Test
    void everyRecordSurvivesKillingThirtyPercent(TestReporter report) {
        List<OverlayNode> nodes = network(50, 4);
        Random random = new Random(4);
        List<SignedValue> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            OverlayNode writer = nodes.get(random.nextInt(nodes.size()));
            records.add(await(writer.put(Id.of("record-" + i), bytes("value-" + i), Duration.ofHours(2))));
        }
        clock.advance(5_000);
        List<OverlayNode> dead = new ArrayList<>(nodes);
        java.util.Collections.shuffle(dead, random);
        dead = dead.subList(0, 15);
        for (OverlayNode n : dead) {
            net.remove(n.address());
            n.stop();
        }
        List<OverlayNode> alive = new ArrayList<>(nodes);
        alive.removeAll(dead);
        int minAfterKill = minReplicas(alive, records);
        long killedAt = clock.now();
        long repaired = -1;
        while (clock.now() - killedAt <= 30 * 60_000) { // repair: owner re-publish (5 min), holders (10 min)
            clock.advance(30_000);
            if (minReplicas(alive, records) >= OverlayNode.Config.DEFAULTS.quorum()) {
                repaired = clock.now() - killedAt;
                break;
            }
        }
        int found = 0;
        for (int i = 0; i < records.size(); i++) {
            List<SignedValue> got = await(alive.get(i % alive.size()).get(records.get(i).key()));
            if (got.contains(records.get(i))) found++;
        }
        figure(report, "replicas.minAfterKill", Integer.toString(minAfterKill));
        figure(report, "repair.seconds", Long.toString(repaired / 1000));
        figure(report, "retrievable", found + "/" + records.size());
        assertEquals(records.size(), found);
        assertTrue(repaired >= 0, "fewer than a quorum of replicas after 30 virtual minutes");
    }

    private int minReplicas(List<OverlayNode> alive, List<SignedValue> records) {
        Instant now = Instant.ofEpochMilli(clock.now());
        int min = Integer.MAX_VALUE;
        for (SignedValue r : records) {
            Id owner = Crypto.nodeId(r.owner());
            int c = 0;
            for (OverlayNode n : alive) if (n.storage().get(r.key(), owner, now).isPresent()) c++;
            min = Math.min(min, c);
        }
        return min;
    }

    @Test
    void malformedDatagramsAreDroppedAndCounted(TestReporter report) throws Exception {
        List<OverlayNode> nodes = network(10, 5);
        OverlayNode target = nodes.get(2);
        Network raw = net.endpoint(address(998), (from, d) -> { });
        Id me = Id.of("raw");
        byte[] ok = Wire.encode(Message.builder(MessageType.GET, 1, me, 5062).id(Message.F_KEY, Id.of("k")).build());
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(new byte[] {'P', 'L', 1});
        bad.add(java.util.Arrays.copyOf(ok, ok.length - 5)); // truncated field
        byte[] unknownType = ok.clone();
        unknownType[3] = (byte) 200;
        bad.add(unknownType);
        byte[] badVersion = ok.clone();
        badVersion[2] = 9;
        bad.add(badVersion);
        bad.add(new byte[4000]); // oversized
        bad.add(Wire.encode(Message.builder(MessageType.STORE, 2, me, 5062).bytes(Message.F_VALUE, new byte[30])
                .build())); // a STORE whose value is garbage
        bad.add(Wire.encode(Message.builder(MessageType.GET, 3, me, 5062).bytes(Message.F_KEY, new byte[3])
                .build())); // a GET whose key is 3 bytes
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            bad.add(noise);
        }
        long before = target.stats().getOrDefault("dropped.malformed", 0L);
        for (byte[] d : bad) raw.send(target.address(), d);
        clock.advance(2_000);
        long dropped = target.stats().getOrDefault("dropped.malformed", 0L) - before;
        figure(report, "dropped.malformed", dropped + "/" + bad.size());
        assertEquals(bad.size(), dropped);
        SignedValue v = await(target.put(Id.of("still-works"), bytes("yes"), Duration.ofMinutes(5)));
        assertEquals(List.of(v), await(nodes.get(7).get(Id.of("still-works"))));
    }

    @Test
    void repliesToUnverifiedSendersAreNotAmplified() throws Exception {
        List<OverlayNode> nodes = network(10, 6);
        Id key = Id.of("big");
        await(nodes.get(1).put(key, new byte[1000], Duration.ofMinutes(5)));
        clock.advance(2_000);
        List<byte[]> replies = new ArrayList<>();
        Network spoofed = net.endpoint(address(997), (from, d) -> replies.add(d)); // never answers the PING
        byte[] request = Wire.encode(Message.builder(MessageType.GET, 9, Id.of("victim"), 5062)
                .id(Message.F_KEY, key).build());
        for (OverlayNode n : nodes) spoofed.send(n.address(), request);
        clock.advance(10_000);
        int sent = 0;
        for (byte[] r : replies) {
            if (Wire.peekType(r) == MessageType.VALUES) {
                sent++;
                assertTrue(r.length <= Rpc.AMPLIFICATION * request.length, r.length + " bytes");
            }
        }
        assertEquals(nodes.size(), sent);
        assertTrue(sum(nodes, "amplification.truncated") >= 1);
    }
}
