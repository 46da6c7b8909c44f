package org.peerline.overlay.core.node;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.OverlayException;
import org.peerline.overlay.core.Cancellable;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.RttEstimator;
import org.peerline.overlay.core.SipHash;
import org.peerline.overlay.core.Wire;
import org.peerline.overlay.core.WireException;

/**
 * Request/response over datagrams, as RELOAD's message transport (RFC 6940 §6.2): a random 64-bit transaction id
 * pairs a response (flag {@link #RESPONSE}) with its request, and the response must come from the address asked.
 * Per-neighbour timeouts from an {@link RttEstimator} (RFC 6298, Bamboo's mean + 4 deviations), one retransmission
 * ({@link #TRIES} tries, RFC 6298 §5.5 back-off, Karn's rule for samples), then failure. PING is answered here.
 *
 * <p>Anti-amplification (RFC 9000 §8.1's rule, applied per datagram): to an address that has neither answered one
 * of this node's requests nor shown a valid token, a reply is at most {@link #AMPLIFICATION} times its request. A
 * token (field {@link #F_TOKEN}, 8 bytes) is SipHash-2-4 of the requester's address and the current 10-minute
 * epoch under this node's random key, as BEP 5's token or QUIC's address validation token (RFC 9000 §8.1.3): a
 * reply carries one when its request had none for the current epoch (PONGs excepted), the requester keeps the
 * last one per peer and sends it with its next requests (not PINGs), and a token of the current or previous
 * epoch proves the address, statelessly. A larger reply to an unproven address is flagged {@link #TRUNCATED}
 * (and carries a token): a lookup step ({@link #stepReply}) loses its values and all but its first (closest)
 * contacts and is used by the requester as it is (the step loses a few candidates, not a round trip); anything
 * else is emptied, and the requester's Rpc asks again at once with the token (twice at most). A request whose
 * reply may fill a datagram, a GET, goes {@link #requestPadded padded} to a node that has given no token yet.
 *
 * <p>Counters: {@code sent.messages[.TYPE]}, {@code sent.bytes[.TYPE]}, {@code received.messages[.TYPE]},
 * {@code received.bytes[.TYPE]}, {@code dropped.malformed} (Wire or field decode failures, unknown types),
 * {@code dropped.unexpected} (responses matching no transaction), {@code dropped.foreign} (another algorithm's tag), {@code dropped.unhandled},
 * {@code rpc.timeouts}, {@code rpc.retransmissions}, {@code rpc.failures}, {@code rpc.peers} (addresses with a
 * record: RTT, liveness, token), {@code amplification.truncated} (of
 * which {@code amplification.trimmed} kept their first contacts), {@code tokens.accepted}, {@code tokens.rejected}
 * (present but neither of the last two epochs' for that address).
 * Single-threaded: everything runs on the node's loop (the {@link Clock}'s); only {@link #stats()} may be read
 * from other threads.
 */
public final class Rpc implements Network.Receiver {
    /** Flag bit: this message is a response. */
    public static final int RESPONSE = 1;
    /** Flag bit: the response was emptied by the anti-amplification rule; ask again. */
    public static final int TRUNCATED = 2;
    /** Flag bit of a reply: a lookup step, whose contact list may be cut to its first entries ({@link #stepReply}). */
    public static final int PARTIAL = 4;
    /** Transmissions of a request before it fails. */
    public static final int TRIES = 2;
    /** Largest reply/request size ratio to an unverified address (RFC 9000 §8.1 uses 3). */
    public static final int AMPLIFICATION = 3;
    private static final int MAX_PEERS = 1024; // the most recently used peers: routing tables hold a few hundred
    private static final int TRUNCATED_RETRIES = 2;
    /** Field of a request or reply: an address-validation token (8 bytes), appended by Rpc and ignored by handlers. */
    public static final int F_TOKEN = 17;
    private static final long TOKEN_EPOCH_MS = 600_000;
    /**
     * Field of a request: zeros that let a reply of up to {@code maxMessage} bytes reach a requester not yet
     * validated ({@link #requestPadded}, as QUIC pads its first datagrams, RFC 9000 §14.1); ignored by handlers.
     */
    public static final int F_PADDING = 18;
    /** What a token adds to a datagram: replies built to fill {@code maxMessage} leave this much room. */
    public static final int TOKEN_BYTES = 3 + 8;
    private static final SecureRandom KEYS = new SecureRandom();
    /** Traffic counters, per message type in arrays (no map update per datagram in a 10^5-node simulation). */
    private static final String[] TRAFFIC = {"sent.messages", "sent.bytes", "received.messages", "received.bytes"};

    /** What the node does with requests and what it learns from traffic. Called on the loop. */
    public interface Handler {
        /**
         * A request (not PING) arrived from {@code from}; returns the reply built with {@link #reply}, or null to
         * drop it (counted as unhandled). A {@link WireException} counts the request as malformed.
         */
        Message request(Message request, Contact from) throws WireException;

        /** A well-formed request or a matching response came from this node. */
        default void seen(Contact contact) {
        }

        /** A request to this address failed after {@link #TRIES} tries. */
        default void unreachable(InetSocketAddress address) {
        }
    }

    /** What this node knows of an address it exchanged messages with: RTT, whether it answered, when heard. */
    private static final class Peer extends RttEstimator {
        boolean known;
        long heard = Long.MIN_VALUE;
        long used; // for eviction, least recently used first (a stamp: no relinking of old objects per datagram)
        long token; // the last token it gave this node
        boolean hasToken;
    }

    private static final class Pending {
        final long txid;
        final InetSocketAddress to;
        final MessageType type;
        final byte[] bytes;
        final boolean padded;
        final CompletableFuture<Message> future = new CompletableFuture<>();
        int tries;
        int truncated;
        boolean retransmitted;
        long sentAt;
        Cancellable timer;

        Pending(long txid, InetSocketAddress to, MessageType type, byte[] bytes, boolean padded) {
            this.txid = txid;
            this.to = to;
            this.type = type;
            this.bytes = bytes;
            this.padded = padded;
        }
    }

    private final Id self;
    private final Clock clock;
    private final int maxMessage;
    private final Random random;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>(); // per-address state, MAX_PEERS at most
    private final long key0 = KEYS.nextLong(); // the token key: random, so that tokens cannot be computed
    private final long key1 = KEYS.nextLong();
    private final Map<String, Long> stats = new ConcurrentHashMap<>();
    private final long[][] traffic = new long[TRAFFIC.length][MessageType.values().length];
    private final int tag;
    private long uses;
    private final RttEstimator typical = new RttEstimator(); // every sample from every peer
    private Network network;
    private Handler handler;
    private int port;
    private boolean closed;

    /** @param maxMessage largest datagram sent or accepted ({@link Wire#DEFAULT_MAX_MESSAGE} by default) */
    public Rpc(Id self, Clock clock, int maxMessage) {
        this(self, clock, maxMessage, 0);
    }

    /**
     * @param tag the overlay algorithm's tag ({@link Wire#algorithmTag}), sent in the upper four bits of the flags;
     *     messages with another non-zero tag are dropped ({@code dropped.foreign}), so nodes of different algorithms on one
     *     port range (during a live swap) never confuse each other's routing state
     */
    public Rpc(Id self, Clock clock, int maxMessage, int tag) {
        if (tag < 0 || tag > 15) throw new IllegalArgumentException("tag is four bits: " + tag);
        this.tag = tag << 4;
        this.self = self;
        this.clock = clock;
        this.maxMessage = maxMessage;
        this.random = new Random(self.hashCode()); // transaction ids: unpredictable enough in a sim, reproducible
    }

    /** Connects the network this Rpc receives from and the handler of its requests. */
    public void attach(Network network, Handler handler) {
        this.network = network;
        this.handler = handler;
        this.port = network.localAddress().getPort();
    }

    public InetSocketAddress address() {
        return network.localAddress();
    }

    /** Stops: incoming datagrams are ignored, pending requests fail. */
    public void close() {
        closed = true;
        for (Pending p : pending.values()) {
            if (p.timer != null) p.timer.cancel();
            p.future.completeExceptionally(new OverlayException("node stopped"));
        }
        pending.clear();
    }

    /** A request builder with a fresh transaction id. */
    public Message.Builder newRequest(MessageType type) {
        long txid;
        do {
            txid = random.nextLong();
        } while (pending.containsKey(txid));
        return Message.builder(type, txid, self, port).flags(tag);
    }

    /** A response builder for {@code request}: same transaction id, {@link #RESPONSE} set. */
    public Message.Builder reply(Message request, MessageType type) {
        return Message.builder(type, request.txid(), self, port).flags(tag | RESPONSE);
    }

    /**
     * A reply that is one step of a lookup (closer nodes to ask, not a final answer such as a replica set): to an
     * unverified requester its contact list is cut to its first entries rather than emptied.
     */
    public Message.Builder stepReply(Message request, MessageType type) {
        return reply(request, type).flags(tag | RESPONSE | PARTIAL);
    }

    /** Sends a request; the stage completes with the response or fails with {@link OverlayException}. */
    public CompletableFuture<Message> request(InetSocketAddress to, Message request) {
        return request(to, request, false);
    }

    /**
     * Sends a request whose reply may fill a datagram (a GET for values): while {@code to} has given this node no
     * token, the request is padded to a third of {@code maxMessage}, so that the reply is not emptied by the
     * anti-amplification limit and asked for again; a round trip saved for a few hundred bytes sent.
     */
    public CompletableFuture<Message> requestPadded(InetSocketAddress to, Message request) {
        return request(to, request, true);
    }

    private CompletableFuture<Message> request(InetSocketAddress to, Message request, boolean padded) {
        byte[] bytes;
        try {
            bytes = Wire.encode(request, maxMessage);
        } catch (WireException e) {
            return CompletableFuture.failedFuture(new OverlayException("cannot send: " + e.getMessage(), e));
        }
        if (closed) return CompletableFuture.failedFuture(new OverlayException("node stopped"));
        Pending p = new Pending(request.txid(), to, request.type(), bytes, padded);
        pending.put(p.txid, p);
        transmit(p);
        return p.future;
    }

    /** PINGs {@code to} (a liveness check; a PONG also makes it known). */
    public CompletableFuture<Message> ping(InetSocketAddress to) {
        return request(to, newRequest(MessageType.PING).build());
    }

    /** The smoothed RTT to {@code address}, or null if never measured. */
    public Duration rtt(InetSocketAddress address) {
        Peer p = peers.get(address);
        return p == null ? null : p.smoothed();
    }

    /**
     * SRTT + 4 RTTVAR over the samples of every peer (RFC 6298's timeout, as if all were one), in milliseconds, or
     * -1 before the first: how long a peer never measured may be silent before it is likely gone.
     */
    public long typicalTimeout() {
        return typical.measured() ? typical.timeout() : -1;
    }

    /**
     * Milliseconds since {@code address} was last heard from directly (a response to one of ours, or a well-formed
     * request once it has been asked something); {@link Long#MAX_VALUE} if never, since it last failed, or once
     * forgotten.
     */
    public long sinceHeard(InetSocketAddress address) {
        Peer p = peers.get(address);
        return p == null || p.heard == Long.MIN_VALUE ? Long.MAX_VALUE : clock.now() - p.heard;
    }

    /** Whether {@code address} answered a request of ours (its replies are not size-limited). */
    public boolean known(InetSocketAddress address) {
        Peer p = peers.get(address);
        return p != null && p.known;
    }

    /** The token {@code address} last gave this node, or null (for tests). */
    byte[] token(InetSocketAddress address) {
        Peer p = peers.get(address);
        return p == null || !p.hasToken ? null : ByteBuffer.allocate(8).putLong(p.token).array();
    }

    /** A snapshot of the counters. */
    public Map<String, Long> stats() {
        Map<String, Long> out = new TreeMap<>(stats);
        for (int k = 0; k < TRAFFIC.length; k++) {
            long total = 0;
            for (MessageType t : MessageType.values()) {
                long n = traffic[k][t.ordinal()];
                if (n != 0) out.put(TRAFFIC[k] + "." + t, n);
                total += n;
            }
            if (total != 0) out.put(TRAFFIC[k], total);
        }
        out.put("rpc.peers", (long) peers.size()); // a benign race off the loop: an int read
        return out;
    }

    void count(String name, long n) {
        stats.merge(name, n, Long::sum);
    }

    private void transmit(Pending p) {
        p.tries++;
        p.sentAt = clock.now();
        Peer peer = peer(p.to);
        byte[] bytes = p.bytes;
        if (peer.hasToken && p.type != MessageType.PING) bytes = withToken(bytes, peer.token);
        else if (p.padded) bytes = padded(bytes, maxMessage / AMPLIFICATION);
        send(p.to, bytes, p.type);
        p.timer = clock.schedule(peer.timeout(), () -> timeout(p));
    }

    private void timeout(Pending p) {
        if (pending.get(p.txid) != p) return;
        count("rpc.timeouts", 1);
        estimator(p.to).timedOut();
        if (p.tries < TRIES) {
            count("rpc.retransmissions", 1);
            p.retransmitted = true;
            transmit(p);
            return;
        }
        pending.remove(p.txid);
        count("rpc.failures", 1);
        peer(p.to).heard = Long.MIN_VALUE;
        handler.unreachable(p.to);
        p.future.completeExceptionally(new OverlayException(p.type + " to " + p.to + " timed out"));
    }

    private void send(InetSocketAddress to, byte[] bytes, MessageType type) {
        traffic[0][type.ordinal()]++;
        traffic[1][type.ordinal()] += bytes.length;
        network.send(to, bytes);
    }

    /** A datagram from the network. Never throws for its content. */
    @Override
    public void receive(InetSocketAddress from, byte[] datagram) {
        if (closed) return;
        Message m;
        try {
            m = Wire.decode(datagram, maxMessage);
        } catch (WireException e) {
            count("dropped.malformed", 1);
            return;
        }
        if ((m.flags() & 0xf0) != tag && (m.flags() & 0xf0) != 0) { // tag 0: untagged (tools, tests)
            count("dropped.foreign", 1);
            return;
        }
        traffic[2][m.type().ordinal()]++;
        traffic[3][m.type().ordinal()] += datagram.length;
        if (m.sender().equals(self)) {
            count("dropped.unexpected", 1);
        } else if ((m.flags() & RESPONSE) != 0) {
            response(from, m);
        } else {
            request(from, m, datagram.length);
        }
    }

    private void response(InetSocketAddress from, Message m) {
        Pending p = pending.get(m.txid());
        if (p == null || !p.to.equals(from)) {
            count("dropped.unexpected", 1);
            return;
        }
        p.timer.cancel();
        Peer peer = peer(from);
        peer.known = true;
        peer.heard = clock.now();
        if (!p.retransmitted) {
            peer.sample(clock.now() - p.sentAt);
            typical.sample(clock.now() - p.sentAt);
        }
        byte[] token = m.raw(F_TOKEN);
        if (token != null && token.length == 8) {
            peer.token = ByteBuffer.wrap(token).getLong();
            peer.hasToken = true;
        }
        handler.seen(new Contact(m.sender(), from));
        if ((m.flags() & TRUNCATED) != 0 && m.fields().stream().allMatch(f -> f.type() == F_TOKEN)
                && p.truncated < TRUNCATED_RETRIES) {
            p.truncated++;
            p.tries = 0;
            p.retransmitted = true; // the next answer's delay includes the peer's validation
            transmit(p);
            return;
        }
        pending.remove(p.txid);
        p.future.complete(m);
    }

    private void request(InetSocketAddress from, Message m, int size) {
        Contact contact = new Contact(m.sender(), from);
        Message reply;
        try {
            reply = m.type() == MessageType.PING ? reply(m, MessageType.PONG).build() : handler.request(m, contact);
        } catch (WireException | RuntimeException e) {
            count("dropped.malformed", 1);
            return;
        }
        // a requester updates the record of a peer this node asked before, and creates none: in a 10^5-node
        // simulation the nodes that route through a node would otherwise fill its records to MAX_PEERS
        Peer peer = peers.get(from);
        if (peer != null) peer.heard = clock.now();
        handler.seen(contact);
        if (reply == null) {
            count("dropped.unhandled", 1);
            return;
        }
        byte[] bytes;
        try {
            bytes = Wire.encode(reply, maxMessage);
        } catch (WireException e) {
            count("errors.encode", 1);
            return;
        }
        int proof = tokenAge(m, from);
        int limit = AMPLIFICATION * size - (proof == 0 ? 0 : TOKEN_BYTES);
        if (bytes.length > limit && proof > 1 && !known(from)) {
            count("amplification.truncated", 1);
            bytes = trimmed(reply, limit);
        }
        // PING and PONG carry none: liveness checks are most of the maintenance, and a PONG is never cut
        if (proof != 0 && m.type() != MessageType.PING) {
            bytes = withToken(bytes, token(from, clock.now() / TOKEN_EPOCH_MS));
        }
        send(from, bytes, reply.type());
    }

    /**
     * How old the request's token is for {@code from}: 0 of the current epoch, 1 of the previous, 2 absent, 3
     * invalid (counted).
     */
    private int tokenAge(Message m, InetSocketAddress from) {
        byte[] t = m.raw(F_TOKEN);
        if (t == null) return 2;
        long epoch = clock.now() / TOKEN_EPOCH_MS;
        long token = t.length == 8 ? ByteBuffer.wrap(t).getLong() : 0;
        for (int age = 0; age < 2 && t.length == 8; age++) {
            if (token == token(from, epoch - age)) {
                count("tokens.accepted", 1);
                return age;
            }
        }
        count("tokens.rejected", 1);
        return 3;
    }

    /** SipHash-2-4 of the address (IP bytes, port) and the epoch under this node's key. */
    private long token(InetSocketAddress a, long epoch) {
        byte[] ip = a.getAddress().getAddress();
        byte[] in = ByteBuffer.allocate(ip.length + 10).put(ip).putShort((short) a.getPort()).putLong(epoch).array();
        return SipHash.hash(key0, key1, in);
    }

    /** An encoded message with a {@link #F_TOKEN} field appended; unchanged if that would exceed the largest size. */
    private byte[] withToken(byte[] bytes, long token) {
        if (bytes.length + TOKEN_BYTES > maxMessage) return bytes;
        return withField(bytes, F_TOKEN, ByteBuffer.allocate(8).putLong(token).array());
    }

    /** An encoded message with an {@link #F_PADDING} field that makes it {@code size} bytes, if it is smaller. */
    private static byte[] padded(byte[] bytes, int size) {
        return bytes.length + 3 > size ? bytes : withField(bytes, F_PADDING, new byte[size - bytes.length - 3]);
    }

    /** An encoded message with one more field (type, length, value) at its end. */
    private static byte[] withField(byte[] bytes, int type, byte[] value) {
        return ByteBuffer.allocate(bytes.length + 3 + value.length).put(bytes).put((byte) type)
                .putShort((short) value.length).put(value).array();
    }

    /**
     * {@code reply} flagged {@link #TRUNCATED} and cut to {@code limit} bytes: a {@link #stepReply} with one
     * {@link Message#F_CONTACTS} list keeps its fields but values and as many of its first (closest) contacts as
     * fit, and the requester uses it at once (asking again for the values, if it wants them, with the token that
     * {@code reply}'s datagram will carry); any other reply is emptied, and the requester's Rpc asks again.
     */
    private byte[] trimmed(Message reply, int limit) {
        int flags = tag | RESPONSE | TRUNCATED;
        try {
            if ((reply.flags() & PARTIAL) != 0
                    && reply.fields().stream().filter(f -> f.type() == Message.F_CONTACTS).count() == 1) {
                List<Contact> contacts = reply.contacts(Message.F_CONTACTS);
                int room = limit - Wire.HEADER_BYTES - 3;
                Message.Builder b = Message.builder(reply.type(), reply.txid(), self, port).flags(flags | PARTIAL);
                for (Message.Field f : reply.fields()) {
                    if (f.type() != Message.F_CONTACTS && f.type() != Message.F_VALUE) {
                        b.bytes(f.type(), f.value());
                        room -= 3 + f.value().length;
                    }
                }
                int n = 0;
                for (int used = 0; n < contacts.size() && (used += Wire.contactBytes(contacts.get(n))) <= room; n++) {
                    // count the contacts that fit
                }
                if (n > 0) {
                    count("amplification.trimmed", 1);
                    return Wire.encode(b.contacts(Message.F_CONTACTS, contacts.subList(0, n)).build(), maxMessage);
                }
            }
            Message empty = Message.builder(reply.type(), reply.txid(), self, port).flags(flags).build();
            return Wire.encode(empty, maxMessage);
        } catch (WireException e) {
            throw new IllegalStateException("a reply this node built decodes and re-encodes smaller", e);
        }
    }

    private RttEstimator estimator(InetSocketAddress address) {
        return peer(address);
    }

    private Peer peer(InetSocketAddress address) {
        Peer p = peers.get(address);
        if (p == null) {
            if (peers.size() >= MAX_PEERS) evict();
            p = new Peer();
            peers.put(address, p);
        }
        p.used = ++uses;
        return p;
    }

    /** Forgets the least recently used quarter of the peers. */
    private void evict() {
        long[] used = peers.values().stream().mapToLong(p -> p.used).sorted().toArray();
        long cut = used[used.length / 4];
        peers.values().removeIf(p -> p.used <= cut);
    }
}
