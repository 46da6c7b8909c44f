package org.peerline.overlay.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;
import org.peerline.transport.udp.UdpTransport;

/**
 * Two nodes of an algorithm on the real UDP transport on loopback, through {@link OverlayRunner} (what the
 * components run): join, store and find, and the identity kept in its folder. Each algorithm's test extends it.
 */
public abstract class OverUdpConformance {
    /** The algorithm's node factory. */
    protected abstract OverlayRunner.Factory factory();

    @Test
    public void twoNodesJoinStoreAndFind(@TempDir Path dir) throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        try (UdpTransport udp = new UdpTransport()) {
            Id firstId;
            try (OverlayRunner a = OverlayRunner.start(factory(), udp, any, dir.resolve("a"), List.of());
                 OverlayRunner b = OverlayRunner.start(factory(), udp, any, dir.resolve("b"),
                         List.of(a.node().address()))) {
                await(a.joining());
                await(b.joining());
                assertTrue(a.node().joined() && b.node().joined());
                assertFalse(b.node().neighbors().isEmpty());
                firstId = a.node().id();
                await(a.node().put(Id.of("alice"), "sip:alice@127.0.0.1".getBytes(StandardCharsets.UTF_8),
                        Duration.ofMinutes(5)));
                List<SignedValue> found = await(b.node().get(Id.of("alice")));
                assertEquals(1, found.size());
                assertEquals("sip:alice@127.0.0.1", new String(found.get(0).value(), StandardCharsets.UTF_8));
            }
            try (OverlayRunner again = OverlayRunner.start(factory(), udp, any, dir.resolve("a"), List.of())) {
                assertEquals(firstId, again.node().id()); // the identity was kept in its folder
                assertTrue(again.loop().call(() -> Thread.currentThread().getName(), Duration.ofSeconds(5))
                        .startsWith("peerline-overlay-"));
            }
        }
    }

    static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
