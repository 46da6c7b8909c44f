package org.peerline.loopback;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.transport.udp.UdpTransport;

/** RFC 862 echo over the real UDP transport, on 127.0.0.1. */
class EchoServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private UdpTransport udp;

    @BeforeEach
    void start() throws IOException {
        udp = new UdpTransport();
    }

    @AfterEach
    void stop() {
        udp.close();
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("condition not met within " + TIMEOUT);
            Thread.yield();
        }
    }

    @Test
    void twentyPingsComeBack() throws Exception {
        try (EchoServer server = EchoServer.open(udp, ANY_PORT)) {
            EchoServer.PingResult r = EchoServer.ping(udp, server.localAddress(), 20, TIMEOUT);
            assertEquals(20, r.sent());
            assertEquals(20, r.received());
            assertEquals(0, r.lost());
            assertTrue(r.minMicros() > 0 && r.minMicros() <= r.avgMicros() && r.avgMicros() <= r.maxMicros(), "" + r);
            // "ping 1\n" .. "ping 9\n" are 7 bytes, "ping 10\n" .. "ping 20\n" 8
            assertEquals(20, server.messages());
            assertEquals(9 * 7 + 11 * 8, server.bytes());
            assertEquals(0, server.failures());
        }
    }

    @Test
    void echoesEachDatagramToItsSender() throws Exception {
        try (EchoServer server = EchoServer.open(udp, ANY_PORT); DatagramSocket client = new DatagramSocket(ANY_PORT)) {
            client.setSoTimeout((int) TIMEOUT.toMillis());
            client.send(new DatagramPacket(new byte[0], 0, server.localAddress())); // no data: nothing to echo
            for (String m : new String[] {"hello", "x", "no newline needed on UDP"}) {
                byte[] bytes = m.getBytes(US_ASCII);
                client.send(new DatagramPacket(bytes, bytes.length, server.localAddress()));
                DatagramPacket back = new DatagramPacket(new byte[100], 100);
                client.receive(back);
                assertEquals(server.localAddress(), back.getSocketAddress());
                assertEquals(m, new String(back.getData(), 0, back.getLength(), US_ASCII));
            }
            eventually(() -> server.messages() == 3);
            assertEquals(30, server.bytes());
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        EchoServer server = EchoServer.open(udp, ANY_PORT);
        InetSocketAddress bound = server.localAddress();
        assertTrue(server.isOpen());
        server.close();
        server.close(); // idempotent
        assertFalse(server.isOpen());
        try (DatagramChannel again = DatagramChannel.open()) {
            eventually(() -> {
                try {
                    again.bind(bound);
                    return true;
                } catch (IOException busy) {
                    return false;
                }
            });
        }
    }

    @Test
    void pingsToNobodyAreLost() throws Exception {
        InetSocketAddress nobody;
        try (DatagramChannel ch = DatagramChannel.open()) {
            nobody = (InetSocketAddress) ch.bind(ANY_PORT).getLocalAddress(); // bound but never answers
            EchoServer.PingResult r = EchoServer.ping(udp, nobody, 2, Duration.ofMillis(50));
            assertEquals(new EchoServer.PingResult(2, 0, 0, 0, 0), r);
            assertEquals(2, r.lost());
        }
        assertThrows(IllegalArgumentException.class, () -> EchoServer.ping(udp, nobody, 0, TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> EchoServer.ping(udp, nobody, 1, Duration.ZERO));
    }

    @Test
    void newlineFramerCutsLines() throws Exception {
        ByteBuffer b = ByteBuffer.wrap("ab\ncd".getBytes(US_ASCII));
        assertEquals(3, EchoServer.NEWLINE.frame(b));
        assertEquals(0, b.position(), "position untouched");
        b.position(3);
        assertEquals(0, EchoServer.NEWLINE.frame(b), "partial line waits");
        ByteBuffer huge = ByteBuffer.allocate(EchoServer.MAX_LINE + 1);
        assertThrows(IOException.class, () -> EchoServer.NEWLINE.frame(huge));
        huge.put(EchoServer.MAX_LINE - 1, (byte) '\n');
        assertEquals(EchoServer.MAX_LINE, EchoServer.NEWLINE.frame(huge), "a 64 KiB line is allowed");
    }

    @Test
    void parsesAddresses() {
        assertEquals(new InetSocketAddress("127.0.0.1", 0), EchoServer.parseAddress("127.0.0.1:0"));
        assertEquals(new InetSocketAddress("::1", 7), EchoServer.parseAddress(" [::1]:7 "));
        assertEquals(new InetSocketAddress("0.0.0.0", 65535), EchoServer.parseAddress("0.0.0.0:65535"));
        for (String bad : new String[] {"", "127.0.0.1", "127.0.0.1:", ":7", "127.0.0.1:65536", "127.0.0.1:-1",
                "::1:7", "127.0.0.1:x", "[::1:7"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EchoServer.parseAddress(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EchoServer.parseAddress(null));
        assertEquals("[0:0:0:0:0:0:0:1]:7", EchoServer.format(EchoServer.parseAddress("[::1]:7")));
        assertEquals("127.0.0.1:5", EchoServer.format(EchoServer.parseAddress("127.0.0.1:5")));
    }
}
