package org.peerline.loopback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.loopback.EchoServer;
import org.peerline.transport.udp.UdpTransport;

/** The echo component (RFC 862) follows transport swaps in both orders SCR may call bind and unbind. */
class EchoComponentTest {
    private UdpTransport one, two;
    private final EchoComponent echo = new EchoComponent();

    @BeforeEach
    void start() throws IOException {
        one = new UdpTransport();
        two = new UdpTransport();
    }

    @AfterEach
    void stop() {
        echo.deactivate();
        one.close();
        two.close();
    }

    static EchoComponent.Config config(String address) {
        return new EchoComponent.Config() {
            @Override public String address() { return address; }
            @Override public Class<? extends Annotation> annotationType() { return EchoComponent.Config.class; }
        };
    }

    private void assertPings(int count) throws IOException {
        String line = echo.ping(count);
        assertTrue(line.startsWith("udp 127.0.0.1:"), line);
        assertTrue(line.contains("sent " + count + ", received " + count + ", lost 0"), line);
    }

    @Test
    void echoesOnTheBoundTransportAndShowsCounters() throws IOException {
        echo.bindTransport(one);
        echo.activate(config("127.0.0.1:0"));
        assertSame(one, echo.server().transport());
        assertPings(3);
        assertTrue(echo.ping().contains("sent 3, received 3"));
        String[] lines = echo.echo().split("\\R");
        assertEquals("transport  udp", lines[0]);
        assertEquals("listening  127.0.0.1:" + echo.server().localAddress().getPort(), lines[1]);
        assertEquals("echoed     6 messages, 42 bytes", lines[2]); // "ping N\n" is 7 bytes for N < 10
    }

    @Test
    void replacementBoundBeforeTheOldIsUnbound() throws IOException {
        echo.bindTransport(one);
        echo.activate(config("127.0.0.1:0"));
        EchoServer first = echo.server();
        echo.bindTransport(two); // greedy: SCR binds the better provider first
        assertFalse(first.isOpen());
        assertSame(two, echo.server().transport());
        echo.unbindTransport(one); // then unbinds the old one: nothing to do
        assertSame(two, echo.server().transport());
        assertPings(5);
    }

    @Test
    void oldUnboundBeforeTheReplacementIsBound() throws IOException {
        echo.bindTransport(one);
        echo.activate(config("127.0.0.1:0"));
        EchoServer first = echo.server();
        echo.unbindTransport(one);
        assertFalse(first.isOpen());
        assertNull(echo.server());
        assertTrue(echo.echo().contains("listening  no (no transport bound)"), echo.echo());
        assertThrows(IllegalStateException.class, echo::ping);
        echo.bindTransport(two);
        assertSame(two, echo.server().transport());
        assertPings(2);
    }

    @Test
    void aFixedPortMovesWithTheTransport() throws IOException {
        int port;
        try (DatagramChannel probe = DatagramChannel.open()) {
            port = ((InetSocketAddress) probe.bind(new InetSocketAddress("127.0.0.1", 0)).getLocalAddress()).getPort();
        }
        echo.bindTransport(one);
        echo.activate(config("127.0.0.1:" + port));
        assertEquals(port, echo.server().localAddress().getPort());
        echo.bindTransport(two);
        echo.unbindTransport(one);
        assertSame(two, echo.server().transport(), echo.echo());
        assertEquals(port, echo.server().localAddress().getPort());
        assertPings(2);
    }

    @Test
    void aBadAddressFailsActivationNamingIt() {
        echo.bindTransport(one);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> echo.activate(config("localhost:echo")));
        assertTrue(e.getMessage().contains("'localhost:echo'"), e.getMessage());
        assertNull(echo.server());
    }

    @Test
    void deactivateClosesTheServer() throws IOException {
        echo.bindTransport(one);
        echo.activate(config("127.0.0.1:0"));
        EchoServer s = echo.server();
        echo.deactivate();
        assertFalse(s.isOpen());
        assertNull(echo.server());
        assertEquals(0, one.openEndpoints());
    }

    @Test
    void wildcardListenersArePingedOnLoopback() {
        assertEquals(new InetSocketAddress("127.0.0.1", 9),
                EchoComponent.selfAddress(new InetSocketAddress("0.0.0.0", 9)));
        assertEquals(new InetSocketAddress("::1", 9), EchoComponent.selfAddress(new InetSocketAddress("::", 9)));
        InetSocketAddress specific = new InetSocketAddress("127.0.0.2", 9);
        assertSame(specific, EchoComponent.selfAddress(specific));
        assertNotEquals(0, specific.getPort());
    }
}
