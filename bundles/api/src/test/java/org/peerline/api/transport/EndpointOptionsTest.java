package org.peerline.api.transport;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointOptionsTest {
    @Test
    void defaultsAndWithers() {
        EndpointOptions o = EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0));
        assertNull(o.framer());
        assertEquals(65_535, o.maxMessageSize());
        assertEquals(4 << 20, o.socketBufferSize());
        Framer f = b -> 0;
        EndpointOptions o2 = o.withFramer(f).withMaxMessageSize(1000).withIdleTimeout(Duration.ofSeconds(3));
        assertSame(f, o2.framer());
        assertEquals(1000, o2.maxMessageSize());
        assertEquals(Duration.ofSeconds(3), o2.idleTimeout());
        assertEquals(o.local(), o2.local());
    }

    @Test
    void rejectsNonsense() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 0);
        assertThrows(IllegalArgumentException.class, () -> EndpointOptions.bind(a).withMaxMessageSize(0));
        assertThrows(NullPointerException.class, () -> EndpointOptions.bind(null));
    }

    @Test
    void statsAdd() {
        TransportStats s = new TransportStats(1, 2, 3, 4, 5, 6, 7).plus(new TransportStats(1, 1, 1, 1, 1, 1, 1));
        assertEquals(new TransportStats(2, 3, 4, 5, 6, 7, 8), s);
    }
}
