package org.peerline.overlay.core.node;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.OverlayException;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;

class RpcTest {
    final SimClock clock = new SimClock();
    final SimNetwork net = new SimNetwork(clock, 1).latency((a, b) -> 20);
    final List<InetSocketAddress> unreachable = new ArrayList<>();

    Rpc rpc(int i, Rpc.Handler handler) {
        Rpc r = new Rpc(Id.of("node" + i), clock, 1400);
        r.attach(net.endpoint(OverlayConformance.address(i), r), handler);
        return r;
    }

    Rpc.Handler bigReplies(Rpc[] self) {
        return new Rpc.Handler() {
            @Override
            public Message request(Message m, Contact from) {
                return self[0].reply(m, MessageType.VALUES).bytes(Message.F_PAYLOAD, new byte[600]).build();
            }

            @Override
            public void unreachable(InetSocketAddress a) {
                unreachable.add(a);
            }
        };
    }

    /** Node {@code i}, answering every request with a 600-byte VALUES. */
    Rpc node(int i) {
        Rpc[] self = new Rpc[1];
        self[0] = rpc(i, bigReplies(self));
        return self[0];
    }

    /** A GET for key "k" from {@code r} to node 2. */
    static CompletableFuture<Message> get(Rpc r, boolean padded) {
        Message m = r.newRequest(MessageType.GET).id(Message.F_KEY, Id.of("k")).build();
        return padded ? r.requestPadded(OverlayConformance.address(2), m) : r.request(OverlayConformance.address(2), m);
    }

    @Test
    void pingMeasuresRttAndMakesThePeerKnown() {
        Rpc a = node(1);
        node(2);
        CompletableFuture<Message> pong = a.ping(OverlayConformance.address(2));
        clock.advance(40);
        assertEquals(MessageType.PONG, pong.join().type());
        assertEquals(40, a.rtt(OverlayConformance.address(2)).toMillis());
        assertTrue(a.known(OverlayConformance.address(2)));
        assertEquals(1, a.stats().get("sent.messages.PING"));
        assertEquals(1, a.stats().get("received.messages.PONG"));
    }

    @Test
    void twoTriesThenFailure() {
        Rpc a = node(1);
        CompletableFuture<Message> f = a.ping(OverlayConformance.address(9)); // nobody there
        clock.advance(999);
        assertFalse(f.isDone());
        clock.advance(1); // RFC 6298: 1 s initial RTO, then doubled
        assertEquals(1, a.stats().get("rpc.retransmissions"));
        clock.advance(2_000);
        assertTrue(f.isCompletedExceptionally());
        assertInstanceOf(OverlayException.class, assertThrows(Exception.class, f::join).getCause());
        assertEquals(2, a.stats().get("sent.messages.PING"));
        assertEquals(1, a.stats().get("rpc.failures"));
        assertEquals(List.of(OverlayConformance.address(9)), unreachable);
    }

    @Test
    void largeReplyToAnUnknownSenderIsEmptiedThenDeliveredOnTheRetryWithItsToken() {
        Rpc a = node(1);
        Rpc b = node(2);
        CompletableFuture<Message> r = get(a, false);
        clock.advance(80); // two round trips: emptied with a token, then asked again with it
        assertEquals(600, r.join().raw(Message.F_PAYLOAD).length);
        assertEquals(1, b.stats().get("amplification.truncated"));
        assertEquals(1, b.stats().get("tokens.accepted"));
        assertEquals(2, b.stats().get("sent.messages.VALUES"));
        assertFalse(b.known(OverlayConformance.address(1)), "no PING, no record: the token proved the address");
        assertNull(b.stats().get("sent.messages.PING"));

        CompletableFuture<Message> again = get(a, false);
        clock.advance(40); // the token is kept: one round trip
        assertEquals(600, again.join().raw(Message.F_PAYLOAD).length);
        assertEquals(1, b.stats().get("amplification.truncated"));
    }

    @Test
    void aPaddedRequestGetsItsLargeReplyInOneRoundTripAndIsPaddedOnlyUntilItHasAToken() {
        Rpc a = node(1);
        Rpc b = node(2);
        CompletableFuture<Message> r = get(a, true);
        clock.advance(40); // one round trip: the padding allows 3 x 466 bytes
        assertEquals(600, r.join().raw(Message.F_PAYLOAD).length);
        assertNull(b.stats().get("amplification.truncated"));
        assertEquals(1400 / Rpc.AMPLIFICATION, a.stats().get("sent.bytes.GET"));

        CompletableFuture<Message> again = get(a, true);
        clock.advance(40);
        assertEquals(600, again.join().raw(Message.F_PAYLOAD).length);
        long second = a.stats().get("sent.bytes.GET") - 1400 / Rpc.AMPLIFICATION;
        assertTrue(second < 100, "with the token it is sent unpadded: " + second + " bytes");
        assertEquals(1, b.stats().get("tokens.accepted"));
    }

    @Test
    void aTokenForAnotherAddressOrAnOldEpochProvesNothing() throws Exception {
        Rpc a = node(1);
        Rpc b = node(2);
        a.request(OverlayConformance.address(2), a.newRequest(MessageType.GET).build());
        clock.advance(80);
        byte[] token = a.token(OverlayConformance.address(2));
        assertEquals(8, token.length, "node 2 gave node 1 a token");
        // replayed from another address, as by an attacker who saw it: the reply is emptied
        b.receive(OverlayConformance.address(3), org.peerline.overlay.core.Wire.encode(
                Message.builder(MessageType.GET, 7, Id.of("node3"), 3).bytes(Rpc.F_TOKEN, token).build()));
        assertEquals(1, b.stats().get("tokens.rejected"));
        assertEquals(2, b.stats().get("amplification.truncated"));
        // from the right address two epochs (20 minutes) later: no longer accepted either
        clock.advance(1_200_000);
        b.receive(OverlayConformance.address(1), org.peerline.overlay.core.Wire.encode(
                Message.builder(MessageType.GET, 8, Id.of("node1"), 1).bytes(Rpc.F_TOKEN, token).build()));
        assertEquals(2, b.stats().get("tokens.rejected"));
        assertEquals(3, b.stats().get("amplification.truncated"));
    }

    @Test
    void lookupStepToAnUnknownSenderKeepsItsFirstContactsAndArrivesInOneRoundTrip() {
        List<Contact> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) twenty.add(new Contact(Id.of("c" + i), OverlayConformance.address(100 + i)));
        Rpc a = node(1);
        Rpc[] b = new Rpc[1];
        b[0] = rpc(2, new Rpc.Handler() {
            @Override
            public Message request(Message m, Contact from) {
                return b[0].stepReply(m, MessageType.NODES).id(Message.F_TARGET, Id.of("t"))
                        .contacts(Message.F_CONTACTS, twenty).build();
            }
        });
        Message request = a.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, Id.of("t")).build();
        CompletableFuture<Message> r = a.request(OverlayConformance.address(2), request);
        clock.advance(40); // one round trip, no second ask
        Message reply = r.join();
        assertTrue((reply.flags() & Rpc.TRUNCATED) != 0);
        List<Contact> got = assertDoesNotThrow(() -> reply.contacts(Message.F_CONTACTS));
        assertFalse(got.isEmpty());
        assertEquals(twenty.subList(0, got.size()), got, "the first contacts, in order");
        assertEquals(Id.of("t"), assertDoesNotThrow(() -> reply.id(Message.F_TARGET)), "other fields kept");
        int requestBytes = assertDoesNotThrow(() -> org.peerline.overlay.core.Wire.encode(request)).length;
        assertTrue(b[0].stats().get("sent.bytes.NODES") <= Rpc.AMPLIFICATION * requestBytes);
        assertEquals(1, b[0].stats().get("amplification.trimmed"));
        assertEquals(1, a.stats().get("sent.messages.FIND_NODE"));
        CompletableFuture<Message> next = a.request(OverlayConformance.address(2), a.newRequest(
                MessageType.FIND_NODE).id(Message.F_TARGET, Id.of("t")).build());
        clock.advance(40);
        assertEquals(20, assertDoesNotThrow(() -> next.join().contacts(Message.F_CONTACTS)).size(),
                "the next step carries the token the first brought: whole");
    }

    @Test
    void garbageAndUnexpectedResponsesAreCounted() {
        Rpc a = node(1);
        a.receive(OverlayConformance.address(3), new byte[] {1, 2, 3});
        a.receive(OverlayConformance.address(3), encode(42)); // a PONG for no request of ours
        assertEquals(1, a.stats().get("dropped.malformed"));
        assertEquals(1, a.stats().get("dropped.unexpected"));
    }

    private static byte[] encode(long txid) {
        try {
            return org.peerline.overlay.core.Wire.encode(Message.builder(MessageType.PONG, txid, Id.of("x"), 1)
                    .flags(Rpc.RESPONSE).build());
        } catch (org.peerline.overlay.core.WireException e) {
            throw new AssertionError(e);
        }
    }
}
