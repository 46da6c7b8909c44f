package org.peerline.overlay.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peerline.overlay.core.Cancellable;
import org.peerline.transport.udp.UdpTransport;

class RuntimeTest {
    @Test
    void loopRunsTasksAndTimersOnItsThreadAndSurvivesFailures() throws Exception {
        try (LoopClock loop = LoopClock.forPort(5064)) {
            CompletableFuture<String> name = new CompletableFuture<>();
            loop.schedule(0, () -> {
                throw new IllegalStateException("boom");
            });
            loop.schedule(20, () -> name.complete(Thread.currentThread().getName()));
            Cancellable never = loop.schedule(60_000, () -> name.complete("late"));
            assertEquals("peerline-overlay-5064", name.get(5, TimeUnit.SECONDS));
            assertTrue(never.cancel());
            assertEquals(1, loop.failures());
            assertEquals(42, loop.call(() -> 42, Duration.ofSeconds(5)));
            loop.close();
            assertFalse(loop.schedule(0, () -> { }).cancel());
            assertThrows(IllegalStateException.class, () -> loop.call(() -> 1, Duration.ofSeconds(1)));
        }
    }

    @Test
    void datagramsCrossUdpOntoTheLoop() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        try (UdpTransport udp = new UdpTransport(); LoopClock loop = new LoopClock("test-loop");
             TransportNetwork a = TransportNetwork.open(udp, any, loop);
             TransportNetwork b = TransportNetwork.open(udp, any, loop)) {
            CompletableFuture<String> got = new CompletableFuture<>();
            b.attach((from, data) -> got.complete(Thread.currentThread().getName() + " " + from.getPort() + " "
                    + new String(data, StandardCharsets.UTF_8)));
            a.send(b.localAddress(), "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals("test-loop " + a.localAddress().getPort() + " hello", got.get(5, TimeUnit.SECONDS));
            assertEquals(1L, a.stats().get("net.sent"));
            assertEquals(1L, b.stats().get("net.received"));
        }
    }

    @Test
    void aWildcardBindTellsPeersTheAdvertisedHostOrLoopback() throws Exception {
        java.net.InetSocketAddress wildcard = new java.net.InetSocketAddress("0.0.0.0", 0);
        try (UdpTransport udp = new UdpTransport(); LoopClock loop = new LoopClock("test-loop");
             TransportNetwork plain = TransportNetwork.open(udp, wildcard, loop);
             TransportNetwork told = TransportNetwork.open(udp, wildcard, loop)
                     .advertise(java.net.InetAddress.getByName("192.0.2.7"))) {
            assertTrue(plain.localAddress().getAddress().isLoopbackAddress(), plain.localAddress().toString());
            assertTrue(plain.localAddress().getPort() > 0);
            assertEquals("192.0.2.7", told.localAddress().getAddress().getHostAddress());
        }
    }

    @Test
    void addressesParseAndFormat() {
        assertEquals(new InetSocketAddress("127.0.0.1", 5064), OverlayRunner.parseAddress(" 127.0.0.1:5064 "));
        assertEquals(new InetSocketAddress("::1", 5064), OverlayRunner.parseAddress("[::1]:5064"));
        assertEquals("[0:0:0:0:0:0:0:1]:5064", OverlayRunner.format(new InetSocketAddress("::1", 5064)));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2)),
                OverlayRunner.parseAddresses("127.0.0.1:1, 127.0.0.1:2", ""));
        assertTrue(OverlayRunner.parseAddresses().isEmpty());
        for (String bad : new String[] {"5064", "host:", "127.0.0.1:x", "127.0.0.1:70000"}) {
            assertThrows(IllegalArgumentException.class, () -> OverlayRunner.parseAddress(bad), bad);
        }
    }
}
