package org.peerline.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Framer;
import org.peerline.api.transport.Receiver;

/** RFC 793 streams carrying RFC 3261 §18 messages: framing (§18.3), connection reuse (§18.1.1/§18.2.2), limits. */
class TcpTransportTest {
    private static final long TIMEOUT_S = 10;

    /**
     * Test double for a SIP framer: a message ends at '\n'; leading CR and LF bytes are keep-alives to skip
     * (RFC 5626 §3.5.1); a message starting with '!' is malformed.
     */
    static final Framer LINES = buf -> {
        int p = buf.position(), lim = buf.limit(), skip = 0;
        while (p + skip < lim && (buf.get(p + skip) == '\r' || buf.get(p + skip) == '\n')) skip++;
        if (skip > 0) return -skip;
        if (buf.get(p) == '!') throw new IOException("malformed message (expected by the test)");
        for (int i = p; i < lim; i++) if (buf.get(i) == '\n') return i - p + 1;
        return 0;
    };

    private TcpTransport transport;

    @BeforeEach
    void start() throws IOException {
        transport = new TcpTransport();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    static EndpointOptions loopback() {
        return EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0)).withFramer(LINES);
    }

    static ByteBuffer line(String s) {
        return ByteBuffer.wrap((s + "\n").getBytes(US_ASCII));
    }

    static String text(ByteBuffer b) {
        String s = US_ASCII.decode(b).toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("condition not met within " + TIMEOUT_S + " s");
            Thread.yield();
        }
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    static IOException failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(stage));
        return assertInstanceOf(IOException.class, e.getCause());
    }

    /** Records what a receiver got: messages with their flows, and closed flows with their causes. */
    static final class Recorder implements Receiver {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Flow> flows = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void received(Flow flow, ByteBuffer message) {
            flows.add(flow);
            messages.add(text(message));
        }

        @Override
        public void closed(Flow flow, Throwable cause) {
            closed.complete(cause == null ? new Throwable("orderly") : cause);
        }

        String next() throws InterruptedException {
            return messages.poll(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void thousandMessagesEachWayInOrderOverOneConnection() throws Exception {
        int count = 1000;
        List<String> atServer = new ArrayList<>(), atClient = new ArrayList<>(); // written by the I/O thread only
        CompletableFuture<Void> serverDone = new CompletableFuture<>(), clientDone = new CompletableFuture<>();
        Endpoint[] server = new Endpoint[1];
        server[0] = transport.open(loopback(), (flow, m) -> {
            String s = text(m);
            atServer.add(s);
            server[0].send(flow, line("re " + s));
            if (atServer.size() == count) serverDone.complete(null);
        });
        Endpoint client = transport.open(loopback(), (flow, m) -> {
            atClient.add(text(m));
            if (atClient.size() == count) clientDone.complete(null);
        });
        List<CompletableFuture<Flow>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) sent.add(client.send(server[0].localAddress(), line("m" + i)).toCompletableFuture());
        get(serverDone);
        get(clientDone);
        for (int i = 0; i < count; i++) {
            assertEquals("m" + i, atServer.get(i));
            assertEquals("re m" + i, atClient.get(i));
        }
        long connection = get(sent.get(0)).connection();
        for (CompletableFuture<Flow> f : sent) assertEquals(connection, get(f).connection(), "one connection");
        assertEquals(1, transport.opened());
        assertEquals(1, transport.accepted());
        eventually(() -> client.stats().messagesIn() == count && server[0].stats().messagesOut() == count
                && server[0].stats().messagesIn() == count); // counted after the receiver returns
        assertEquals(count, client.stats().messagesOut());
        assertEquals(1, client.stats().connections());
        assertEquals(0, transport.stats().drops() + transport.stats().errors());
    }

    @Test
    void replyToTheRemoteAddressReusesTheAcceptedConnection() throws Exception {
        Recorder atClient = new Recorder();
        Endpoint[] server = new Endpoint[1];
        server[0] = transport.open(loopback(), (flow, m) -> server[0].send(flow.remote(), line("re " + text(m))));
        Endpoint client = transport.open(loopback(), atClient);
        Flow out = get(client.send(server[0].localAddress(), line("REGISTER")));
        assertEquals("re REGISTER", atClient.next());
        Flow in = atClient.flows.poll();
        assertEquals(out.connection(), in.connection());
        assertEquals(out, new Flow("tcp", in.local(), in.remote(), in.connection()));
        assertEquals(1, transport.opened(), "no second connection");
        assertEquals(1, transport.accepted());
        assertEquals(1, server[0].stats().connections());
        assertEquals(2, transport.stats().connections());
        assertEquals(1, transport.connections().stream().filter(ConnectionInfo::accepted).count());
        get(client.send(server[0].localAddress(), line("again")));
        assertEquals("re again", atClient.next());
        assertEquals(1, transport.opened());
    }

    @Test
    void sendOnAFlowWhosePeerClosedFails() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback(), atServer);
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.getOutputStream().write("hello\n".getBytes(US_ASCII));
            assertEquals("hello", atServer.next());
        }
        Flow flow = atServer.flows.poll();
        assertEquals("orderly", get(atServer.closed).getMessage());
        IOException e = failure(server.send(flow, line("too late")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(0, transport.opened(), "the flow is not silently re-opened");
        assertEquals(0, server.stats().connections());
        assertTrue(server.isOpen());
    }

    @Test
    void oversizedMessageClosesTheConnectionAndCountsADrop() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback().withMaxMessageSize(100), atServer);
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            OutputStream out = peer.getOutputStream();
            out.write(("x".repeat(99) + "\n").getBytes(US_ASCII)); // exactly the limit: delivered
            assertEquals(99, atServer.next().length());
            out.write("y".repeat(200).getBytes(US_ASCII)); // no end in sight within the limit
            Throwable cause = get(atServer.closed);
            assertTrue(cause.getMessage().contains("larger than 100"), cause.getMessage());
            assertEquals(-1, peer.getInputStream().read(), "the server closed the connection");
        }
        assertEquals(1, server.stats().drops());
        assertEquals(1, server.stats().messagesIn());
        assertEquals(0, server.stats().connections());
        IOException e = failure(server.send(new InetSocketAddress("127.0.0.1", 9), ByteBuffer.allocate(101)));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertEquals(2, server.stats().drops());
    }

    @Test
    void messagesSplitIntoSingleByteSegmentsAreReassembled() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback(), atServer);
        String stream = "INVITE sip:bob@example.com SIP/2.0\nACK sip:bob@example.com SIP/2.0\nBYE\n";
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.setTcpNoDelay(true); // each byte leaves as its own segment
            OutputStream out = peer.getOutputStream();
            for (byte b : stream.getBytes(US_ASCII)) {
                out.write(b);
                out.flush();
            }
            assertEquals("INVITE sip:bob@example.com SIP/2.0", atServer.next());
            assertEquals("ACK sip:bob@example.com SIP/2.0", atServer.next());
            assertEquals("BYE", atServer.next());
        }
        get(atServer.closed);
        assertEquals(3, server.stats().messagesIn());
        assertEquals(stream.length(), server.stats().bytesIn());
    }

    @Test
    void keepAlivesAreSkipped() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback(), atServer);
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.getOutputStream().write("\r\n\r\nhello\n\r\n\r\n\r\nworld\n\r\n".getBytes(US_ASCII));
            assertEquals("hello", atServer.next());
            assertEquals("world", atServer.next());
        }
        get(atServer.closed);
        assertEquals(2, server.stats().messagesIn());
        assertEquals(0, server.stats().drops());
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback().withIdleTimeout(Duration.ofMillis(200)), atServer);
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            peer.getOutputStream().write("hi\n".getBytes(US_ASCII));
            assertEquals("hi", atServer.next());
            long start = System.nanoTime();
            assertEquals("orderly", get(atServer.closed).getMessage());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "not before it was idle");
            assertEquals(-1, peer.getInputStream().read());
        }
        assertEquals(0, server.stats().connections());
        assertTrue(transport.connections().isEmpty());
    }

    @Test
    void framerFailureClosesTheConnectionAndCountsADrop() throws Exception {
        Recorder atServer = new Recorder();
        Endpoint server = transport.open(loopback(), atServer);
        try (Socket peer = new Socket("127.0.0.1", server.localAddress().getPort())) {
            peer.getOutputStream().write("ok\n!bad\n".getBytes(US_ASCII));
            assertEquals("ok", atServer.next());
            Throwable cause = get(atServer.closed);
            assertTrue(cause.getMessage().contains("framing failed"), cause.getMessage());
        }
        assertEquals(1, server.stats().drops());
        assertEquals(0, server.stats().connections());
        assertTrue(server.isOpen());
    }

    @Test
    void throwingReceiverIsCountedAsDropAndTheConnectionStays() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        Endpoint server = transport.open(loopback(), (flow, m) -> {
            String s = text(m);
            if (s.equals("boom")) throw new IllegalStateException("receiver failure (expected by the test)");
            got.add(s);
        });
        Endpoint client = transport.open(loopback(), (flow, m) -> { });
        client.send(server.localAddress(), line("boom"));
        get(client.send(server.localAddress(), line("ok")));
        assertEquals("ok", got.poll(TIMEOUT_S, TimeUnit.SECONDS));
        eventually(() -> server.stats().messagesIn() == 1);
        assertEquals(1, server.stats().drops());
        assertEquals(1, server.stats().connections());
        assertEquals(1, transport.opened());
    }

    @Test
    void fullSendQueueFailsAndCountsDrops() throws Exception {
        try (ServerSocket deaf = new ServerSocket()) { // accepts (backlog) but never reads
            deaf.setReceiveBufferSize(4096);
            deaf.bind(new InetSocketAddress("127.0.0.1", 0));
            Endpoint client = transport.open(loopback().withSocketBufferSize(4096), (flow, m) -> { });
            ByteBuffer big = line("z".repeat(60_000));
            List<CompletableFuture<Flow>> sent = new ArrayList<>();
            for (int i = 0; i < 3 * TcpConnection.MAX_QUEUE; i++) {
                sent.add(client.send((InetSocketAddress) deaf.getLocalSocketAddress(), big).toCompletableFuture());
            }
            long full = sent.stream().filter(f -> f.isCompletedExceptionally()).count();
            assertTrue(full >= TcpConnection.MAX_QUEUE, "rejected: " + full);
            IOException e = failure(sent.get(sent.size() - 1));
            assertTrue(e.getMessage().contains("queue full"), e.getMessage());
            assertTrue(client.stats().drops() >= full);
            client.close(); // what was still queued fails and counts too
            eventually(() -> sent.stream().allMatch(CompletableFuture::isDone));
            long failed = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertEquals(failed, client.stats().drops());
            assertEquals(sent.size(), failed + client.stats().messagesOut());
        }
    }

    @Test
    void refusedConnectionFailsTheSendAndCountsAnError() throws Exception {
        try (Socket bound = new Socket()) { // holds a port without listening: connecting there is refused
            bound.bind(new InetSocketAddress("127.0.0.1", 0));
            refused((InetSocketAddress) bound.getLocalSocketAddress());
        }
    }

    private void refused(InetSocketAddress nobody) throws Exception {
        Recorder atClient = new Recorder();
        Endpoint client = transport.open(loopback(), atClient);
        IOException e = failure(client.send(nobody, line("anyone?")));
        // refused at once, or (usual on Linux) reported by the selector: then the queued message fails with it
        String why = e.getMessage() + " " + e.getCause();
        assertTrue(why.contains("cannot connect to " + nobody), why);
        assertEquals(1, client.stats().errors());
        assertEquals(0, client.stats().connections());
        assertEquals(0, transport.connections().size());
    }

    @Test
    void closingTheTransportClosesConnectionsAndEndsItsIoThread() throws Exception {
        TcpTransport t = new TcpTransport();
        Recorder atClient = new Recorder();
        Endpoint server = t.open(loopback(), (flow, m) -> { });
        Endpoint client = t.open(loopback(), atClient);
        get(client.send(server.localAddress(), line("x")));
        t.close();
        t.close(); // idempotent
        assertFalse(server.isOpen());
        assertFalse(client.isOpen());
        assertEquals("orderly", atClient.closed.getNow(null).getMessage(), "told, on the closing thread");
        assertEquals(0, t.stats().connections());
        assertThrows(IOException.class, () -> t.open(loopback(), (flow, m) -> { }));
        transport.close(); // this test's other transport too: no I/O thread may remain
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals(t.threadName())) {
                th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                assertFalse(th.isAlive(), "I/O thread still alive");
            }
        }
    }

    @Test
    void streamTransportNeedsAFramer() {
        assertThrows(IllegalArgumentException.class,
                () -> transport.open(EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0)), (f, m) -> { }));
        assertTrue(transport.reliable() && transport.stream() && !transport.secure());
        assertEquals("tcp", transport.protocol());
    }
}
