package org.peerline.p2psip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.peerline.sip.auth.Digest;
import org.peerline.sip.auth.DigestClient;
import org.peerline.sip.auth.DigestServer;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.transaction.Scheduler;

/** The registrar alone (RFC 3261 §10.3) on virtual time: local expiry, the listener, bad input. */
class RegistrarTest {
    /** Virtual time: timers run when {@link #advance} passes them. */
    static final class VirtualTime implements Scheduler {
        long now;
        final TreeMap<Long, List<Runnable>> timers = new TreeMap<>();

        public long now() {
            return now;
        }

        public Timer schedule(long delay, Runnable task) {
            timers.computeIfAbsent(now + delay, k -> new ArrayList<>()).add(task);
            return () -> timers.values().forEach(l -> l.remove(task));
        }

        void advance(long millis) {
            long until = now + millis;
            while (!timers.isEmpty() && timers.firstKey() <= until) {
                var e = timers.pollFirstEntry();
                now = e.getKey();
                e.getValue().forEach(Runnable::run);
            }
            now = until;
        }
    }

    private final VirtualTime time = new VirtualTime();
    private final Users users = new Users(Map.of("alice", "secret"));
    private final List<String> changes = new ArrayList<>();
    private final Registrar registrar = new Registrar(time, new DigestServer("p2p.test", new byte[32], Clock.systemUTC(),
            Duration.ofMinutes(5), 100, List.of(Digest.Algorithm.MD5)), users, Registrar.Limits.DEFAULTS,
            u -> u.user() != null && u.host().equals("p2p.test") ? u.user() + "@p2p.test" : null,
            (aor, user, longest) -> changes.add(aor + " " + longest));
    private int cseq = 1;

    private Request register(String to, String extra) {
        String text = "REGISTER sip:p2p.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK" + cseq
                + "\r\nMax-Forwards: 70\r\nFrom: <" + to + ">;tag=1\r\nTo: <" + to + ">\r\nCall-ID: reg-1\r\nCSeq: "
                + cseq++ + " REGISTER\r\n" + extra + "Content-Length: 0\r\n\r\n";
        return (Request) MessageParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private Response authorized(String to, String extra, String password) {
        Response challenge = registrar.register(register(to, extra));
        assertEquals(401, challenge.status());
        String auth = new DigestClient().authorize(challenge.headers(HeaderNames.WWW_AUTHENTICATE), "REGISTER",
                "sip:p2p.test", SipUri.parse(to).user(), password, null);
        return registrar.register(register(to, extra + "Authorization: " + auth + "\r\n"));
    }

    @Test
    void bindingsExpireOnTimeAndTheListenerIsTold() {
        Response ok = authorized("sip:alice@p2p.test", "Contact: <sip:alice@127.0.0.1:5070>;expires=60\r\n", "secret");
        assertEquals(200, ok.status());
        assertEquals(List.of("alice@p2p.test 60"), changes);
        time.advance(59_000);
        assertEquals(1, registrar.contacts("alice@p2p.test").size());
        time.advance(2_000);
        assertTrue(registrar.contacts("alice@p2p.test").isEmpty());
        assertEquals(List.of("alice@p2p.test 60", "alice@p2p.test 0"), changes);
        assertTrue(registrar.snapshot().isEmpty());
    }

    @Test
    void badInputGetsTheRightAnswer() {
        assertEquals(404, registrar.register(register("sip:alice@elsewhere.test", "")).status());
        assertEquals(420, registrar.register(register("sip:alice@p2p.test", "Require: gruu\r\n")).status());
        assertEquals(400, authorized("sip:alice@p2p.test", "Contact: <sip:alice@127.0.0.1:5070>\r\nExpires: soon\r\n",
                "secret").status());
        assertEquals(400, authorized("sip:alice@p2p.test", "Contact: <sip:alice@127.0.0.1:5070>;q=2\r\n", "secret").status());
        assertEquals(400, authorized("sip:alice@p2p.test", "Contact: <tel:+15551234>\r\n", "secret").status());
        assertEquals(401, authorized("sip:alice@p2p.test", "", "wrong").status());
        assertTrue(changes.isEmpty(), "nothing published for failed or bad requests");
    }
}
