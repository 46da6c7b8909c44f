package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;

class SimNetworkTest {
    static InetSocketAddress addr(int host) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) host}), 5062);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A node answering every PING with a PONG and recording the RTT of its own pings. */
    static final class PingNode implements Network.Receiver {
        final Id id;
        final SimClock clock;
        Network net;
        final List<Long> rtts = new ArrayList<>();
        final RttEstimator rtt = new RttEstimator();
        long nextTx;

        PingNode(String name, SimClock clock) {
            this.id = Id.of(name);
            this.clock = clock;
        }

        void ping(InetSocketAddress to) throws WireException {
            Message m = Message.builder(MessageType.PING, nextTx++, id, 5062).u64(Message.F_SEQ, clock.now()).build();
            net.send(to, Wire.encode(m));
        }

        @Override
        public void receive(InetSocketAddress from, byte[] datagram) {
            try {
                Message m = Wire.decode(datagram);
                if (m.type() == MessageType.PING) {
                    net.send(from, Wire.encode(Message.builder(MessageType.PONG, m.txid(), id, 5062)
                            .u64(Message.F_SEQ, m.u64(Message.F_SEQ)).build()));
                } else if (m.type() == MessageType.PONG) {
                    long sample = clock.now() - m.u64(Message.F_SEQ);
                    rtts.add(sample);
                    rtt.sample(sample);
                }
            } catch (WireException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void pingPongUnderVirtualTime() throws Exception {
        SimClock clock = new SimClock(1_000);
        SimNetwork sim = new SimNetwork(clock, 1).latency((from, to) -> from.equals(addr(1)) ? 30 : 20);
        PingNode a = new PingNode("a", clock);
        PingNode b = new PingNode("b", clock);
        a.net = sim.endpoint(addr(1), a);
        b.net = sim.endpoint(addr(2), b);
        a.ping(addr(2));
        clock.advance(49);
        assertTrue(a.rtts.isEmpty());
        clock.advance(1);
        assertEquals(List.of(50L), a.rtts);
        assertEquals(1_050, clock.now());
        assertEquals(1, sim.stat("messages.PING"));
        assertEquals(1, sim.stat("messages.PONG"));
        assertEquals(sim.stat("bytes.PING") + sim.stat("bytes.PONG"), sim.stat("bytes"));
        assertEquals(2, sim.stat("delivered"));
        assertEquals(150, a.rtt.timeout(), "SRTT 50 + 4 x 25");
    }

    @Test
    void sameTimeEventsKeepSendOrder() throws Exception {
        SimClock clock = new SimClock();
        SimNetwork sim = new SimNetwork(clock, 1).latency((from, to) -> 10);
        List<Integer> got = new ArrayList<>();
        Network sender = sim.endpoint(addr(1), (from, d) -> { });
        sim.endpoint(addr(2), (from, d) -> got.add((int) d[0]));
        for (int i = 0; i < 50; i++) sender.send(addr(2), new byte[] {(byte) i});
        clock.runAll(Long.MAX_VALUE);
        assertEquals(50, got.size());
        for (int i = 0; i < 50; i++) assertEquals(i, got.get(i));
        assertEquals(50, sim.stat("messages.OTHER"));
    }

    @Test
    void lossIsDeterministicForASeed() {
        assertEquals(lossRun(7), lossRun(7));
        assertNotEquals(lossRun(7), lossRun(8));
        List<Integer> run = lossRun(7);
        assertTrue(run.size() > 600 && run.size() < 800, "about 30% lost: " + run.size());
    }

    private static List<Integer> lossRun(long seed) {
        SimClock clock = new SimClock();
        SimNetwork sim = new SimNetwork(clock, seed).loss(0.3).latency((from, to) -> 5);
        List<Integer> got = new ArrayList<>();
        Network sender = sim.endpoint(addr(1), (from, d) -> { });
        sim.endpoint(addr(2), (from, d) -> got.add(((d[0] & 0xff) << 8) | (d[1] & 0xff)));
        for (int i = 0; i < 1000; i++) sender.send(addr(2), new byte[] {(byte) (i >> 8), (byte) i});
        clock.runAll(Long.MAX_VALUE);
        assertEquals(1000 - got.size(), sim.stat("lost"));
        return got;
    }

    @Test
    void deadNodesAndCancelledTimers() {
        SimClock clock = new SimClock();
        SimNetwork sim = new SimNetwork(clock, 1);
        List<byte[]> got = new ArrayList<>();
        Network a = sim.endpoint(addr(1), (from, d) -> got.add(d));
        Network b = sim.endpoint(addr(2), (from, d) -> got.add(d));
        a.send(addr(2), new byte[] {1});
        sim.remove(addr(2));
        clock.runAll(100);
        assertEquals(1, sim.stat("unreachable"));
        b.send(addr(1), new byte[] {2});
        assertEquals(0, clock.pending(), "a removed node sends nothing");
        assertThrows(IllegalArgumentException.class, () -> sim.endpoint(addr(1), (f, d) -> { }));
        boolean[] fired = {false};
        Cancellable timer = clock.schedule(100, () -> fired[0] = true);
        assertTrue(timer.cancel());
        assertFalse(timer.cancel());
        clock.advance(200);
        assertFalse(fired[0]);
        assertEquals(201, clock.now(), "1 ms default latency, then 200 ms");
        assertTrue(got.isEmpty());
    }
}
