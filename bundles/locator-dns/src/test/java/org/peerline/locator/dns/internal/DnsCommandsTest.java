package org.peerline.locator.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerline.api.locator.LocatorException;
import org.peerline.api.locator.Target;

/** {@code locator:resolve} prints the RFC 3263 §4.3 failover list, or one line for an error. */
class DnsCommandsTest {
    @Test
    void printsOneLinePerTargetThenCountAndTime() {
        DnsCommands commands = new DnsCommands();
        commands.locator = (uri, transports) -> CompletableFuture.completedFuture(List.of(
                new Target(transports.get(0), new InetSocketAddress("127.0.0.11", 5070), "a.example.test"),
                new Target("tls", new InetSocketAddress("::1", 5061), "b.example.test")));
        String[] lines = commands.resolve("sip:example.test", "tcp, udp").split("\\R");
        assertEquals(3, lines.length);
        assertEquals(List.of("tcp", "127.0.0.11:5070", "a.example.test"), List.of(lines[0].split("\\s+")));
        assertEquals(List.of("tls", "[0:0:0:0:0:0:0:1]:5061", "b.example.test"), List.of(lines[1].split("\\s+")));
        assertTrue(lines[2].matches("2 targets in \\d+\\.\\d ms"), lines[2]);
    }

    @Test
    void failureIsOneLine() {
        DnsCommands commands = new DnsCommands();
        commands.locator = (uri, transports) -> CompletableFuture.failedFuture(
                new LocatorException("example.test./NAPTR lookup failed: Timed out"));
        assertEquals("resolve sip:example.test failed: example.test./NAPTR lookup failed: Timed out",
                commands.resolve("sip:example.test"));
    }

    @Test
    void componentAppliesItsConfiguration() throws Exception {
        DnsLocatorComponent component = new DnsLocatorComponent();
        component.activate(new DnsLocatorComponent.Config() {
            @Override public Class<? extends Annotation> annotationType() { return DnsLocatorComponent.Config.class; }
            @Override public String[] servers() { return new String[] {"127.0.0.1:5353, [::1]:5354", "192.0.2.53"}; }
            @Override public int timeout_ms() { return 300; }
            @Override public int retries() { return 3; }
            @Override public int cache_size() { return 0; }
        });
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 5354),
                new InetSocketAddress("192.0.2.53", 53)), component.settings().servers());
        assertEquals(Duration.ofMillis(300), component.settings().timeout());
        assertEquals(List.of(new Target("udp", new InetSocketAddress("192.0.2.1", 5060), "192.0.2.1")),
                component.resolve("sip:192.0.2.1", List.of("udp")).toCompletableFuture().get());
    }
}
