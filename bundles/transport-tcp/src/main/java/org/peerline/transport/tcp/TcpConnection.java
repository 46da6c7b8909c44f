package org.peerline.transport.tcp;

import static org.peerline.transport.tcp.TcpTransport.Counters.BYTES_OUT;
import static org.peerline.transport.tcp.TcpTransport.Counters.CONNECTIONS;
import static org.peerline.transport.tcp.TcpTransport.Counters.DROPS;
import static org.peerline.transport.tcp.TcpTransport.Counters.ERRORS;
import static org.peerline.transport.tcp.TcpTransport.Counters.OUT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerline.api.transport.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection (RFC 793) carrying framed messages (RFC 3261 §18.3). Reading, framing, delivery and writing run
 * on the transport's I/O thread; {@link #send} from any thread queues up to {@value #MAX_QUEUE} messages. Bytes pass
 * through the connection's {@link StreamCodec}, always under this object's lock.
 *
 * <p>Buffers: {@code netIn} (I/O thread, write mode) holds network bytes not yet decoded; {@code in} (I/O thread,
 * write mode) holds application bytes not yet framed and grows up to the message limit plus one codec unit;
 * {@code netOut} (guarded, read mode) holds encoded bytes not yet written.
 */
final class TcpConnection {
    static final int MAX_QUEUE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    private static final int NET_BUFFER = 16 * 1024, APP_INITIAL = 4 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State { CONNECTING, OPEN, CLOSED }

    private record Pending(ByteBuffer message, int size, CompletableFuture<Flow> done) {}

    /** A codec failure (TLS handshake): counted as an error and logged at WARN, unlike plain socket errors. */
    private static final class CodecException extends IOException {
        CodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    final Flow flow;
    final boolean accepted;
    volatile SelectionKey key;
    private final TcpEndpoint ep;
    private final SocketChannel ch;
    private final StreamCodec codec;
    private final int maxMessageSize;
    private ByteBuffer netIn, in = ByteBuffer.allocate(APP_INITIAL); // I/O thread only
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by this, as below
    private final List<Pending> inflight = new ArrayList<>(); // encoded, not yet all written
    private ByteBuffer netOut = EMPTY;
    private boolean flushScheduled;
    private volatile State state = State.CONNECTING;
    /** Why it closed (null: orderly): a message sent after a failed connect fails with the connect's reason. */
    private Throwable closeCause;
    private volatile long lastActive = System.nanoTime();

    TcpConnection(TcpEndpoint ep, SocketChannel ch, Flow flow, boolean accepted, StreamCodec codec) {
        this.ep = ep;
        this.ch = ch;
        this.flow = flow;
        this.accepted = accepted;
        this.codec = codec;
        this.maxMessageSize = ep.options.maxMessageSize();
        ep.counters.add(CONNECTIONS, 1);
    }

    boolean isOpen() {
        return state != State.CLOSED;
    }

    long lastActive() {
        return lastActive;
    }

    ConnectionInfo info(long now) {
        return new ConnectionInfo(flow, accepted, Duration.ofNanos(Math.max(0, now - lastActive)));
    }

    /** Queues one message; the stage completes once all its bytes were handed to the operating system. */
    CompletableFuture<Flow> send(ByteBuffer message) {
        CompletableFuture<Flow> f = new CompletableFuture<>();
        boolean schedule;
        synchronized (this) {
            if (state == State.CLOSED) return drop(new IOException("connection closed: " + flow, closeCause));
            if (queue.size() >= MAX_QUEUE) {
                return drop(new IOException("send queue full (" + MAX_QUEUE + " messages): " + flow));
            }
            queue.add(new Pending(message.duplicate(), message.remaining(), f));
            schedule = state == State.OPEN && !flushScheduled;
            if (schedule) flushScheduled = true;
        }
        if (schedule) ep.transport.execute(this::flush);
        return f;
    }

    /** The connection is established (accepted, or connect finished): start the codec and send what is queued. */
    void open() {
        synchronized (this) {
            if (state != State.CONNECTING) return;
            state = State.OPEN;
            flushScheduled = true;
        }
        lastActive = System.nanoTime();
        ep.transport.execute(this::flush);
    }

    /** I/O thread, OP_CONNECT: completes the non-blocking connect (RFC 793 §3.4 three-way handshake). */
    void connected() {
        try {
            if (!ch.finishConnect()) return;
        } catch (IOException e) {
            fail(new IOException("cannot connect to " + flow.remote() + ": " + e.getMessage(), e));
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
        open();
    }

    /** I/O thread, OP_READ: reads, decodes, frames and delivers whole messages (RFC 3261 §18.3). */
    void readable() {
        if (netIn == null) netIn = ByteBuffer.allocate(Math.max(NET_BUFFER, codec.netRoom()));
        int r;
        try {
            r = ch.read(netIn);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (r < 0) {
            boolean ready;
            synchronized (this) {
                ready = codec.ready();
            }
            if (ready) close(null); // the peer closed: orderly
            else fail(new CodecException(flow.protocol() + " peer closed the connection during the handshake", null));
            return;
        }
        if (r == 0) return;
        lastActive = System.nanoTime();
        netIn.flip();
        try {
            for (;;) {
                int before = netIn.remaining(), had;
                synchronized (this) {
                    if (state == State.CLOSED) return;
                    room(Math.max(codec.appRoom(), netIn.remaining()));
                    had = in.position();
                    try {
                        codec.decode(netIn, in);
                    } catch (IOException e) {
                        throw new CodecException(e.getMessage(), e);
                    }
                }
                boolean progress = netIn.remaining() != before || in.position() != had;
                if (!deliver()) return;
                if (needsFlush()) flush(); // handshake replies, or messages queued until the handshake finished
                if (!progress || !netIn.hasRemaining()) break;
            }
        } catch (CodecException e) {
            fail(e);
            return;
        } finally {
            netIn.compact();
        }
        if (!netIn.hasRemaining()) { // full of bytes the codec cannot use yet: it needs a bigger unit
            if (netIn.capacity() < codec.netRoom()) netIn = ByteBuffer.allocate(codec.netRoom()).put(netIn.flip());
            else fail(new CodecException(flow.protocol() + " codec stalled on " + netIn.capacity() + " bytes", null));
        }
    }

    /** Makes at least {@code n} bytes free in {@code in}, growing it at most to the message limit plus {@code n}. */
    private void room(int n) {
        if (in.remaining() >= n) return;
        int need = in.position() + n;
        ByteBuffer b = ByteBuffer.allocate(Math.max(need, Math.min(in.capacity() * 2, maxMessageSize + n)));
        in = b.put(in.flip());
    }

    /** Cuts whole messages with the framer and hands them over; false if the connection was closed meanwhile. */
    private boolean deliver() {
        in.flip();
        try {
            while (in.hasRemaining()) {
                int start = in.position(), n;
                try {
                    n = ep.options.framer().frame(in);
                } catch (IOException | RuntimeException e) {
                    return dropAndClose(new IOException("framing failed: " + e.getMessage(), e));
                } finally {
                    in.position(start); // the framer must not move it; make sure
                }
                if (n < 0) { // keep-alive or padding to skip (RFC 5626 §3.5.1)
                    in.position(start + (int) Math.min(-(long) n, in.remaining()));
                } else if (n == 0) { // incomplete: a message that already fills the limit is too big
                    if (in.remaining() >= maxMessageSize) return dropAndClose(tooLarge());
                    break;
                } else if (n > maxMessageSize) {
                    return dropAndClose(tooLarge());
                } else if (n > in.remaining()) {
                    return dropAndClose(new IOException("framer returned " + n + " > " + in.remaining() + " bytes"));
                } else {
                    in.position(start + n);
                    ep.received(flow, in.slice(start, n));
                    if (!isOpen()) return false;
                }
            }
            return true;
        } finally {
            in.compact();
            if (in.position() == 0 && in.capacity() > APP_INITIAL) in = ByteBuffer.allocate(APP_INITIAL);
        }
    }

    private IOException tooLarge() {
        return new IOException("message larger than " + maxMessageSize + " bytes from " + flow.remote());
    }

    private synchronized boolean needsFlush() {
        return state == State.OPEN && (codec.pending() || !queue.isEmpty());
    }

    /** I/O thread: encodes queued messages and writes as much as the socket takes; OP_WRITE while bytes remain. */
    void flush() {
        List<Pending> done;
        IOException failure = null;
        synchronized (this) {
            flushScheduled = false;
            if (state != State.OPEN) return;
            done = new ArrayList<>();
            try {
                write(done);
            } catch (IOException e) {
                failure = e;
                netOut = EMPTY; // may be half encoded: nothing of it may go out
            }
        }
        for (Pending p : done) {
            ep.counters.add(OUT, 1);
            ep.counters.add(BYTES_OUT, p.size);
            p.done.complete(flow);
        }
        if (failure != null) fail(failure);
    }

    private void write(List<Pending> done) throws IOException {
        for (;;) {
            if (netOut.hasRemaining()) {
                if (ch.write(netOut) > 0) lastActive = System.nanoTime();
                if (netOut.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
            done.addAll(inflight);
            inflight.clear();
            int size = Math.max(NET_BUFFER, codec.netRoom());
            netOut = netOut.capacity() < size ? ByteBuffer.allocate(size) : netOut.clear();
            encode(EMPTY); // nothing unless the codec has bytes of its own (TLS handshake)
            boolean stalled = false;
            if (codec.ready()) {
                for (Pending p; (p = queue.peek()) != null && netOut.remaining() >= codec.netRoom(); ) {
                    int had = p.message.remaining(), at = netOut.position();
                    encode(p.message);
                    if (!p.message.hasRemaining()) inflight.add(queue.poll());
                    else if (had == p.message.remaining() && at == netOut.position()) {
                        stalled = true;
                        break;
                    } // else a part went (TLS: one record); more of it follows if there is room
                }
            }
            netOut.flip();
            if (!netOut.hasRemaining() && inflight.isEmpty()) {
                if (stalled) throw new CodecException(flow.protocol() + " connection cannot send any more", null);
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
        }
    }

    private void encode(ByteBuffer app) throws CodecException {
        if (app == EMPTY && !codec.pending()) return;
        try {
            codec.encode(app, netOut);
        } catch (IOException e) {
            throw new CodecException(e.getMessage(), e);
        }
    }

    /** An I/O or codec failure: counted as an error, then the connection closes. */
    private void fail(IOException e) {
        if (!isOpen()) return;
        ep.counters.add(ERRORS, 1);
        if (e instanceof CodecException) LOG.warn("{} failed, closing: {}", flow, e.getMessage());
        else LOG.debug("{} failed, closing", flow, e);
        close(e instanceof CodecException && e.getCause() != null ? e.getCause() : e);
    }

    /** A message that cannot be framed: counted as a drop, then the connection closes. */
    private boolean dropAndClose(IOException e) {
        ep.counters.add(DROPS, 1);
        LOG.debug("{} dropping the connection: {}", flow, e.getMessage());
        close(e);
        return false;
    }

    private CompletableFuture<Flow> drop(IOException why) {
        ep.counters.add(DROPS, 1);
        return CompletableFuture.failedFuture(why);
    }

    /**
     * Closes the connection (any thread); queued and unwritten messages fail and count as drops, and the receiver
     * hears {@code closed(flow, cause)}, cause null for an orderly close. Idempotent.
     */
    void close(Throwable cause) {
        List<Pending> failed;
        synchronized (this) {
            if (state == State.CLOSED) return;
            if (state == State.OPEN) goodbye(cause == null);
            state = State.CLOSED;
            closeCause = cause;
            failed = new ArrayList<>(inflight);
            failed.addAll(queue);
            inflight.clear();
            queue.clear();
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing {}", flow, e);
        }
        ep.counters.add(CONNECTIONS, -1);
        ep.removed(this);
        if (!failed.isEmpty()) {
            ep.counters.add(DROPS, failed.size());
            IOException e = new IOException("connection closed: " + flow, cause);
            for (Pending p : failed) p.done.completeExceptionally(e);
        }
        ep.closed(flow, cause);
    }

    /** Best effort, one non-blocking write: the codec's closing bytes (TLS close_notify or alert, RFC 8446 §6). */
    private void goodbye(boolean orderly) {
        try {
            if (orderly) codec.close();
            if (!codec.pending()) return;
            ByteBuffer b = ByteBuffer.allocate(Math.max(NET_BUFFER, codec.netRoom())).put(netOut);
            for (int i = 0; i < 4 && codec.pending() && b.remaining() >= codec.netRoom(); i++) {
                int at = b.position();
                codec.encode(EMPTY, b); // one record each
                if (b.position() == at) break;
            }
            ch.write(b.flip());
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: no closing bytes sent: {}", flow, e.toString());
        }
    }

    @Override
    public String toString() {
        return flow.toString();
    }
}
