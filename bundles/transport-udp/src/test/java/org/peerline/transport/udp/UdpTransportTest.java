package org.peerline.transport.udp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.TransportStats;

/** RFC 768 datagrams and RFC 3261 §18.1.1/§18.2.1 message handling, on 127.0.0.1 (and ::1 when available). */
class UdpTransportTest {
    private static final long TIMEOUT_S = 10;
    private UdpTransport transport;

    @BeforeEach
    void start() throws IOException {
        transport = new UdpTransport();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    private static EndpointOptions loopback() {
        return EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(US_ASCII));
    }

    private static String ascii(ByteBuffer b) {
        return US_ASCII.decode(b).toString();
    }

    /** Waits for a condition that another thread makes true, with a deadline (counters lag the receiver call). */
    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("condition not met within " + TIMEOUT_S + " s");
            Thread.yield();
        }
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    void emptyDatagramIsSentAndLaterSendsAreNotStuckBehindIt() throws Exception {
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        Endpoint server = transport.open(loopback(), (flow, msg) -> sizes.add(msg.remaining()));
        Endpoint client = transport.open(loopback(), (flow, msg) -> { });
        get(client.send(server.localAddress(), ByteBuffer.allocate(0)));
        get(client.send(server.localAddress(), ascii("after")));
        assertEquals(0, sizes.poll(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(5, sizes.poll(TIMEOUT_S, TimeUnit.SECONDS));
    }

    @Test
    void twoEndpointsExchangeThousandDatagrams() throws Exception {
        int count = 1000;
        BitSet atA = new BitSet(), atB = new BitSet();
        CountDownLatch arrived = new CountDownLatch(2 * count);
        Semaphore window = new Semaphore(64); // keeps the burst within the socket buffers: nothing lost on loopback
        Receiver toA = (flow, m) -> { atA.set(Integer.parseInt(ascii(m))); arrived.countDown(); window.release(); };
        Receiver toB = (flow, m) -> { atB.set(Integer.parseInt(ascii(m))); arrived.countDown(); window.release(); };
        Endpoint a = transport.open(loopback(), toA);
        Endpoint b = transport.open(loopback(), toB);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            String m = Integer.toString(i);
            bytes += m.length();
            for (Endpoint[] pair : new Endpoint[][] {{a, b}, {b, a}}) {
                assertTrue(window.tryAcquire(TIMEOUT_S, TimeUnit.SECONDS));
                Flow flow = get(pair[0].send(pair[1].localAddress(), ascii(m)));
                assertEquals(pair[1].localAddress(), flow.remote());
            }
        }
        assertTrue(arrived.await(TIMEOUT_S, TimeUnit.SECONDS), "all datagrams arrive");
        long total = bytes;
        eventually(() -> a.stats().messagesIn() == count && b.stats().messagesIn() == count);
        assertEquals(count, atA.cardinality()); // the latch orders the I/O thread's writes before these reads
        assertEquals(count, atB.cardinality());
        for (Endpoint e : List.of(a, b)) {
            assertEquals(new TransportStats(count, count, total, total, 0, 0, 0), e.stats());
        }
        assertEquals(new TransportStats(2 * count, 2 * count, 2 * total, 2 * total, 0, 0, 0), transport.stats());
        assertEquals(2, transport.openEndpoints());
    }

    @Test
    void replyGoesBackOverTheFlowTheRequestArrivedOn() throws Exception {
        CompletableFuture<Flow> replyFlow = new CompletableFuture<>();
        CompletableFuture<String> reply = new CompletableFuture<>();
        Endpoint client = transport.open(loopback(), (flow, m) -> {
            reply.complete(ascii(m));
            replyFlow.complete(flow);
        });
        Endpoint[] server = new Endpoint[1];
        CompletableFuture<Flow> sent = new CompletableFuture<>();
        server[0] = transport.open(loopback(), (flow, m) -> {
            assertEquals("udp", flow.protocol());
            server[0].send(flow, ascii("pong " + ascii(m))).whenComplete((f, e) -> {
                if (e != null) sent.completeExceptionally(e); else sent.complete(f);
            });
        });
        get(client.send(server[0].localAddress(), ascii("ping")));
        assertEquals("pong ping", get(reply));
        Flow f = get(replyFlow);
        assertEquals(new Flow("udp", client.localAddress(), server[0].localAddress(), 0), f);
        assertEquals(new Flow("udp", server[0].localAddress(), client.localAddress(), 0), get(sent));
    }

    @Test
    void oversizedDatagramIsDroppedAndCounted() throws Exception {
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        Endpoint ep = transport.open(loopback().withMaxMessageSize(100), (flow, m) -> sizes.add(m.remaining()));
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            raw.send(new DatagramPacket(new byte[101], 101, ep.localAddress()));
            raw.send(new DatagramPacket(new byte[100], 100, ep.localAddress()));
        }
        assertEquals(100, sizes.poll(TIMEOUT_S, TimeUnit.SECONDS)); // the big one, sent first, never arrives
        eventually(() -> ep.stats().messagesIn() == 1);
        assertEquals(1, ep.stats().drops());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(ep.send(ep.localAddress(), ByteBuffer.allocate(101))));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(2, ep.stats().drops());
        assertEquals(2, transport.stats().drops());
        assertTrue(sizes.isEmpty());
    }

    @Test
    void throwingReceiverIsCountedAsDropAndEndpointKeepsWorking() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        Endpoint ep = transport.open(loopback(), (flow, m) -> {
            String s = ascii(m);
            if (s.equals("boom")) throw new IllegalStateException("receiver failure (expected by the test)");
            got.add(s);
        });
        Endpoint sender = transport.open(loopback(), (flow, m) -> { });
        get(sender.send(ep.localAddress(), ascii("boom")));
        get(sender.send(ep.localAddress(), ascii("ok")));
        assertEquals("ok", got.poll(TIMEOUT_S, TimeUnit.SECONDS));
        eventually(() -> ep.stats().messagesIn() == 1);
        assertEquals(1, ep.stats().drops());
        assertEquals(0, ep.stats().errors());
        assertTrue(ep.isOpen());
    }

    @Test
    void portZeroGetsARealPort() throws Exception {
        CompletableFuture<String> got = new CompletableFuture<>();
        try (Endpoint ep = transport.open(loopback(), (flow, m) -> got.complete(ascii(m)));
             DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertNotEquals(0, ep.localAddress().getPort());
            assertEquals("127.0.0.1", ep.localAddress().getAddress().getHostAddress());
            raw.send(new DatagramPacket(new byte[] {'h', 'i'}, 2, ep.localAddress()));
            assertEquals("hi", get(got));
        }
    }

    @Test
    void bindingABusyPortFailsNamingTheAddress() throws Exception {
        Endpoint first = transport.open(loopback(), (flow, m) -> { });
        InetSocketAddress busy = first.localAddress();
        IOException e = assertThrows(IOException.class,
                () -> transport.open(EndpointOptions.bind(busy), (flow, m) -> { }));
        assertTrue(e.getMessage().contains("127.0.0.1:" + busy.getPort()), e.getMessage());
        assertEquals(1, transport.openEndpoints());
    }

    @Test
    void sendAfterCloseFails() throws Exception {
        Endpoint ep = transport.open(loopback(), (flow, m) -> { });
        InetSocketAddress self = ep.localAddress();
        ep.close();
        ep.close(); // idempotent
        assertFalse(ep.isOpen());
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(ep.send(self, ascii("late"))));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("endpoint closed", e.getCause().getMessage());
        assertEquals(0, transport.openEndpoints());
        try (DatagramChannel again = DatagramChannel.open()) { // the port was released
            eventually(() -> {
                try {
                    again.bind(self);
                    return true;
                } catch (IOException busy) {
                    return false;
                }
            });
        }
    }

    @Test
    void closingTheTransportEndsItsIoThread() throws Exception {
        UdpTransport t = new UdpTransport();
        Endpoint ep = t.open(loopback(), (flow, m) -> { });
        get(ep.send(ep.localAddress(), ascii("x")));
        t.close();
        t.close(); // idempotent
        assertFalse(ep.isOpen());
        assertThrows(IOException.class, () -> t.open(loopback(), (flow, m) -> { }));
        transport.close(); // this test's other transport too: no I/O thread may remain
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals(UdpTransport.THREAD_NAME)) {
                th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                assertFalse(th.isAlive(), "I/O thread still alive");
            }
        }
    }

    @Test
    void ipv6Loopback() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress("::1", 0);
        try (DatagramChannel probe = DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            probe.bind(v6);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, "no IPv6 loopback: " + e);
        }
        CompletableFuture<Flow> got = new CompletableFuture<>();
        Endpoint a = transport.open(EndpointOptions.bind(v6), (flow, m) -> got.complete(flow));
        Endpoint b = transport.open(EndpointOptions.bind(v6), (flow, m) -> { });
        get(b.send(a.localAddress(), ascii("v6")));
        Flow f = get(got);
        assertEquals(b.localAddress(), f.remote());
        assertTrue(f.local().getAddress().isLoopbackAddress());
    }
}
