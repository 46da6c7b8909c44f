package org.peerline.p2psip;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.kademlia.KademliaNode;
import org.peerline.sip.auth.Digest;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.stack.Tags;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.ua.Dialog;
import org.peerline.sip.ua.UserAgent;
import org.peerline.transport.udp.UdpTransport;

/**
 * An in-JVM P2P-SIP network on 127.0.0.1: N nodes, each a Kademlia overlay node over UDP ({@link OverlayRunner})
 * and a {@link P2pNode} on its own {@link SipStack} over UDP; and phones, each a {@link UserAgent} on its own stack
 * whose outbound proxy is one node. Everything is closed by {@link #close()}.
 */
final class P2pNet implements AutoCloseable {
    static final String DOMAIN = "p2p.test";
    static final long T = 15;
    static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";
    /** Every node's users file: each user's password is {@code user-pw}. */
    static final Users USERS = new Users(java.util.stream.Stream.of("alice", "bob", "carol", "dave", "erin", "frank",
            "grace", "heidi", "ivan", "judy", "mallory", "sam", "oscar", "peggy", "trent", "victor", "walter", "wendy",
            "yves", "zoe").collect(java.util.stream.Collectors.toMap(u -> u, u -> u + "-pw")));

    static OverlayRunner.Factory kademlia() {
        return (s, c, n) -> new KademliaNode(s, c, n, OverlayNode.Config.DEFAULTS, KademliaNode.Parameters.DEFAULTS);
    }

    /** One node: overlay and SIP. */
    static final class Node {
        final OverlayRunner overlay;
        final SipStack stack = new SipStack(Timers.DEFAULT, null);
        final P2pNode p2p;
        final int port;

        Node(UdpTransport udp, OverlayRunner overlay, P2pNode.Options options) throws Exception {
            this.overlay = overlay;
            port = stack.listen(udp, new InetSocketAddress("127.0.0.1", 0)).getPort();
            p2p = new P2pNode(stack.core(), options);
            p2p.overlay(overlay.node());
        }

        Hop hop() {
            return new Hop("udp", new InetSocketAddress("127.0.0.1", port), null);
        }

        SipUri uri() {
            return new SipUri(false, null, "127.0.0.1", port);
        }

        <X> X onLoop(Supplier<X> work) throws Exception {
            return stack.call(() -> CompletableFuture.completedFuture(work.get())).get(T, TimeUnit.SECONDS);
        }
    }

    enum Answer { ANSWER, RING, BUSY }

    /** A phone: a UA on its own stack, with its node as outbound proxy; answers calls as told. */
    static final class Phone implements AutoCloseable {
        final SipStack stack = new SipStack(Timers.DEFAULT, null);
        final UserAgent ua;
        final String user;
        final Node node;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final String callId;
        volatile Answer answer = Answer.ANSWER;
        volatile UserAgent.Incoming ringing;
        long cseq = 1;

        Phone(UdpTransport udp, String user, String password, Node node) throws Exception {
            this.user = user;
            this.node = node;
            stack.listen(udp, new InetSocketAddress("127.0.0.1", 0));
            ua = new UserAgent(stack.core(), user, new UserAgent.Application() {
                public void invited(UserAgent.Incoming call) {
                    events.add("invited " + call.request().uriText());
                    switch (answer) {
                        case ANSWER -> {
                            call.ringing();
                            call.accept(SDP);
                        }
                        case RING -> {
                            ringing = call;
                            call.ringing();
                        }
                        case BUSY -> call.reject(486);
                    }
                }

                public void confirmed(Dialog d) {
                    events.add("confirmed");
                }

                public void cancelled(UserAgent.Incoming call) {
                    events.add("cancelled");
                }

                public void ended(Dialog d, String why) {
                    events.add("ended: " + why);
                }

                public int message(Request r) {
                    events.add("message: " + r.bodyText());
                    return 200;
                }
            });
            if (password != null) ua.credentials(password);
            ua.resolver(uri -> CompletableFuture.completedFuture(List.of(node.hop())));
            callId = Tags.callId("127.0.0.1");
        }

        SipUri aor() {
            return new SipUri(false, user, DOMAIN, -1);
        }

        /** A REGISTER for this phone's AOR with its Call-ID (§10.2: one per boot) and a fresh CSeq. */
        Request register(String expires, String... contacts) throws Exception {
            return onLoop(() -> {
                Request r = ua.newRequest(Request.REGISTER, new SipUri(false, null, DOMAIN, -1), Address.of(aor()));
                r.set(HeaderNames.FROM, Address.of(aor()).withTag(Tags.tag()));
                r.set(HeaderNames.CALL_ID, callId);
                r.set(HeaderNames.CSEQ, cseq + " REGISTER");
                cseq += 10; // the UA's digest retry takes the next number
                if (contacts.length > 0) {
                    r.remove(HeaderNames.CONTACT);
                    for (String c : contacts) r.add(HeaderNames.CONTACT, c);
                }
                if (expires != null) r.set(HeaderNames.EXPIRES, expires);
                return r;
            });
        }

        /** This phone's own contact. */
        String contact() throws Exception {
            return onLoop(() -> ua.contact("udp").toString());
        }

        Response send(Request r) throws Exception {
            return stack.call(() -> ua.send(r)).get(T * 3, TimeUnit.SECONDS);
        }

        CompletableFuture<Response> sendAsync(Request r) {
            return stack.call(() -> ua.send(r));
        }

        Request request(String method, String toUser) throws Exception {
            return onLoop(() -> {
                Request r = ua.newRequest(method, new SipUri(false, toUser, DOMAIN, -1), null);
                r.set(HeaderNames.FROM, Address.of(aor()).withTag(Tags.tag()));
                return r;
            });
        }

        String next() throws InterruptedException {
            return events.poll(T, TimeUnit.SECONDS);
        }

        <X> X onLoop(Supplier<X> work) throws Exception {
            return stack.call(() -> CompletableFuture.completedFuture(work.get())).get(T, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stack.close();
        }
    }

    final UdpTransport udp = new UdpTransport();
    final List<Node> nodes = new ArrayList<>();
    final List<Phone> phones = new ArrayList<>();
    private final List<OverlayRunner> extra = new ArrayList<>();

    /** {@code n} nodes on one Kademlia ring; digest offers MD5 alone when {@code md5Only} (sipp). */
    P2pNet(Path dir, int n, boolean md5Only) throws Exception {
        try {
            List<OverlayRunner> ring = ring(dir.resolve("ring"), n);
            for (OverlayRunner r : ring) {
                P2pNode.Options o = P2pNode.Options.of(DOMAIN, USERS);
                if (md5Only) o = o.withAlgorithms(List.of(Digest.Algorithm.MD5));
                nodes.add(new Node(udp, r, o));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Another ring of {@code n} overlay nodes (closed with the network), all joined. */
    List<OverlayRunner> ring(Path dir, int n) throws Exception {
        List<OverlayRunner> ring = new ArrayList<>();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        for (int i = 0; i < n; i++) {
            OverlayRunner r = OverlayRunner.start(kademlia(), udp, any, dir.resolve("o" + i),
                    i == 0 ? List.of() : List.of(ring.get(0).node().address()));
            ring.add(r);
            extra.add(r);
        }
        for (OverlayRunner r : ring) r.joining().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return ring;
    }

    Phone phone(String user, String password, int node) throws Exception {
        Phone p = new Phone(udp, user, password, nodes.get(node));
        phones.add(p);
        return p;
    }

    /** Registers a phone's own contact for {@code expires} s and checks the 200. */
    Phone registered(String user, int node) throws Exception {
        Phone p = phone(user, USERS.lookup(user, null).password(), node);
        Response ok = p.send(p.register("300"));
        if (ok.status() != 200) throw new AssertionError("REGISTER of " + user + ": " + ok.status() + " " + ok.reason());
        return p;
    }

    /** Waits for a condition with a deadline (never a fixed sleep). */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(T * 2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // the deadline loop's polling interval
        }
    }

    static OverlayLocation.Lookup lookup(Node at, String aor) throws Exception {
        return at.p2p.location().lookup(aor).toCompletableFuture().get(T, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (Phone p : phones) p.close();
        for (Node n : nodes) n.stack.close();
        for (OverlayRunner r : extra) r.close();
        udp.close();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
