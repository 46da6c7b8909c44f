package org.peerline.overlay.core;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory datagram network under a {@link SimClock}: each datagram is delivered after the latency the model
 * gives for its (sender, receiver) pair, or lost with a fixed probability drawn from a seeded random generator, so a
 * run is reproducible. Counts messages and bytes by {@link MessageType} (as Bamboo's bandwidth figures, Rhea et al.
 * USENIX 2004 §6). Datagrams to an address with no endpoint (a dead node) are dropped and counted. Single-threaded.
 */
public final class SimNetwork {
    /** One-way latency in milliseconds for a datagram from one address to another. */
    @FunctionalInterface
    public interface Latency {
        long millis(InetSocketAddress from, InetSocketAddress to);
    }

    private final SimClock clock;
    private final Random random;
    private final Map<InetSocketAddress, Endpoint> endpoints = new HashMap<>();
    private static final MessageType[] TYPES = MessageType.values();
    // counters in arrays, indexed by MessageType ordinal (OTHER last): no map update per datagram at 10^5 nodes
    private final long[] messagesByType = new long[TYPES.length + 1];
    private final long[] bytesByType = new long[TYPES.length + 1];
    private long messages;
    private long bytes;
    private long lost;
    private long delivered;
    private long unreachable;
    private Latency latency = (a, b) -> 1;
    private double loss;
    private int interned;

    public SimNetwork(SimClock clock, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new Random(seed);
    }

    public SimClock clock() {
        return clock;
    }

    public SimNetwork latency(Latency model) {
        this.latency = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Probability in [0, 1) that a datagram is lost. */
    public SimNetwork loss(double probability) {
        if (probability < 0 || probability >= 1) throw new IllegalArgumentException("loss: " + probability);
        this.loss = probability;
        return this;
    }

    /** Attaches a node at {@code address}; its datagrams go to {@code receiver}. */
    public Network endpoint(InetSocketAddress address, Network.Receiver receiver) {
        Endpoint e = new Endpoint(address, receiver);
        if (endpoints.putIfAbsent(address, e) != null) throw new IllegalArgumentException("address in use: " + address);
        if (endpoints.size() > interned / 2) {
            interned = 4 * endpoints.size();
            Wire.internCapacity(interned);
        }
        Wire.intern(address);
        return e;
    }

    /** Detaches the node at {@code address} (it crashed or left): datagrams in flight to it are dropped. */
    public void remove(InetSocketAddress address) {
        Endpoint e = endpoints.remove(address);
        if (e != null) e.removed = true;
    }

    /**
     * Counters: {@code messages}, {@code bytes}, {@code messages.TYPE}, {@code bytes.TYPE} (TYPE is a
     * {@link MessageType} or OTHER), {@code delivered}, {@code lost}, {@code unreachable}.
     */
    public Map<String, Long> stats() {
        Map<String, Long> out = new TreeMap<>();
        put(out, "messages", messages);
        put(out, "bytes", bytes);
        put(out, "lost", lost);
        put(out, "delivered", delivered);
        put(out, "unreachable", unreachable);
        for (int i = 0; i <= TYPES.length; i++) {
            String name = i == TYPES.length ? "OTHER" : TYPES[i].name();
            put(out, "messages." + name, messagesByType[i]);
            put(out, "bytes." + name, bytesByType[i]);
        }
        return out;
    }

    private static void put(Map<String, Long> out, String name, long n) {
        if (n != 0) out.put(name, n);
    }

    public long stat(String name) {
        switch (name) {
            case "messages": return messages;
            case "bytes": return bytes;
            case "lost": return lost;
            case "delivered": return delivered;
            case "unreachable": return unreachable;
            default: return stats().getOrDefault(name, 0L);
        }
    }

    /** Endpoints attached now. */
    public int size() {
        return endpoints.size();
    }

    private final class Endpoint implements Network {
        private final InetSocketAddress address;
        private final Network.Receiver receiver;
        private boolean removed;

        Endpoint(InetSocketAddress address, Network.Receiver receiver) {
            this.address = Objects.requireNonNull(address, "address");
            this.receiver = Objects.requireNonNull(receiver, "receiver");
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void send(InetSocketAddress to, byte[] datagram) {
            if (removed) return; // a removed node sends nothing
            MessageType type = Wire.peekType(datagram);
            int t = type == null ? TYPES.length : type.ordinal();
            messages++;
            bytes += datagram.length;
            messagesByType[t]++;
            bytesByType[t] += datagram.length;
            if (loss > 0 && random.nextDouble() < loss) {
                lost++;
                return;
            }
            byte[] copy = datagram; // senders hand over a fresh encoding and never write to it again
            long delay = Math.max(0, latency.millis(address, to));
            clock.schedule(delay, () -> {
                Endpoint target = endpoints.get(to);
                if (target == null) {
                    unreachable++;
                    return;
                }
                delivered++;
                target.receiver.receive(address, copy);
            });
        }
    }
}
