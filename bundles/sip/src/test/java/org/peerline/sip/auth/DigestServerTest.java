package org.peerline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerline.sip.auth.CredentialSource.Secret;
import org.peerline.sip.auth.Digest.Algorithm;
import org.peerline.sip.auth.DigestServer.Result;
import org.peerline.sip.auth.DigestServer.Status;

class DigestServerTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis = 1_700_000_000_000L;

        @Override public long millis() { return millis; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    static final byte[] SECRET = "0123456789abcdef-server-secret".getBytes(StandardCharsets.US_ASCII);
    static final String URI = "sip:example.com";
    static final CredentialSource USERS = (user, realm) -> Map.of("alice", Secret.password("wonderland"),
            "bob", Secret.ha1(Algorithm.MD5, Algorithm.MD5.hash("bob:example.com:builder"))).get(user);

    final ManualClock clock = new ManualClock();
    final DigestServer server = new DigestServer("example.com", SECRET, clock);
    final DigestClient client = new DigestClient();

    String register(String challenge, String user, String password) {
        return client.authorize(challenge, "REGISTER", URI, user, password);
    }

    @Test
    void registerRoundTrip() {
        String challenge = server.challenge(false);
        AuthParams c = AuthParams.parse(challenge);
        assertEquals("example.com", c.get("realm"));
        assertEquals("auth", c.get("qop"));
        assertEquals("SHA-256", c.get("algorithm"));
        assertNotNull(c.get("opaque"));
        assertFalse(DigestClient.isStale(challenge));
        Result r = server.verify(register(challenge, "alice", "wonderland"), "REGISTER", USERS);
        assertEquals(new Result(Status.OK, "alice", URI, "ok"), r);
        assertTrue(r.ok());
    }

    @Test
    void clientPicksSha256AmongServerChallengesAndMd5AlsoWorks() {
        List<String> challenges = server.challenges(false);
        assertEquals(2, challenges.size());
        String auth = client.authorize(List.of(challenges.get(1), challenges.get(0)), "REGISTER", URI, "alice",
                "wonderland", null);
        assertEquals("SHA-256", AuthParams.parse(auth).get("algorithm"));
        assertTrue(server.verify(auth, "REGISTER", USERS).ok());
        assertTrue(server.verify(register(challenges.get(1), "alice", "wonderland"), "REGISTER", USERS).ok());
    }

    @Test
    void precomputedHa1() {
        DigestServer md5 = new DigestServer("example.com", SECRET, clock, Duration.ofMinutes(5), 100,
                List.of(Algorithm.MD5_SESS));
        assertTrue(md5.verify(register(md5.challenge(false), "bob", "builder"), "REGISTER", USERS).ok());
        assertEquals(Status.BAD_CREDENTIALS, server.verify(register(server.challenge(false), "bob", "builder"),
                "REGISTER", USERS).status());
    }

    @Test
    void wrongPasswordAndUnknownUser() {
        assertEquals(Status.BAD_CREDENTIALS,
                server.verify(register(server.challenge(false), "alice", "looking-glass"), "REGISTER", USERS).status());
        assertEquals(Status.UNKNOWN_USER,
                server.verify(register(server.challenge(false), "carol", "x"), "REGISTER", USERS).status());
        assertEquals(Status.BAD_CREDENTIALS,
                server.verify(register(server.challenge(false), "alice", "wonderland"), "INVITE", USERS).status());
    }

    @Test
    void expiredNonceIsStaleThenClientRetriesWithNewNonce() {
        String challenge = server.challenge(false);
        assertTrue(server.verify(register(challenge, "alice", "wonderland"), "REGISTER", USERS).ok());
        clock.millis += Duration.ofMinutes(5).toMillis() + 1;
        Result r = server.verify(register(challenge, "alice", "wonderland"), "REGISTER", USERS);
        assertEquals(Status.STALE, r.status());
        String fresh = server.challenge(true);
        assertTrue(DigestClient.isStale(fresh));
        String retry = register(fresh, "alice", "wonderland");
        assertEquals("00000001", AuthParams.parse(retry).get("nc"));
        assertTrue(server.verify(retry, "REGISTER", USERS).ok());
        clock.millis += Duration.ofMinutes(5).toMillis() + 1;
        assertEquals(Status.BAD_CREDENTIALS,
                server.verify(register(challenge, "alice", "wrong"), "REGISTER", USERS).status(), "stale needs the password");
    }

    @Test
    void replayedNonceCountIsReplay() {
        String challenge = server.challenge(false);
        String first = register(challenge, "alice", "wonderland");
        assertTrue(server.verify(first, "REGISTER", USERS).ok());
        assertEquals(Status.REPLAY, server.verify(first, "REGISTER", USERS).status());
        String second = register(challenge, "alice", "wonderland");
        String third = register(challenge, "alice", "wonderland");
        assertTrue(server.verify(third, "REGISTER", USERS).ok());
        assertEquals(Status.REPLAY, server.verify(second, "REGISTER", USERS).status(), "nc below the highest seen");
    }

    @Test
    void nonceEvictedFromTrackerIsStaleNotReplayable() {
        DigestServer small = new DigestServer("example.com", SECRET, clock, Duration.ofMinutes(5), 2,
                List.of(Algorithm.SHA_256));
        String old = register(small.challenge(false), "alice", "wonderland");
        assertTrue(small.verify(old, "REGISTER", USERS).ok());
        clock.millis += 1;
        for (int i = 0; i < 2; i++) assertTrue(small.verify(register(small.challenge(false), "alice", "wonderland"),
                "REGISTER", USERS).ok());
        assertEquals(Status.STALE, small.verify(old, "REGISTER", USERS).status());
        String fresh = register(small.challenge(false), "alice", "wonderland");
        clock.millis += 1;
        assertTrue(small.verify(fresh, "REGISTER", USERS).ok(), "nonce issued after the eviction is fine");
    }

    @Test
    void nonceFromAnotherSecretOrRealmIsStaleOnlyWithTheRightPassword() {
        DigestServer other = new DigestServer("example.com", "another-secret-of-16+bytes".getBytes(StandardCharsets.UTF_8), clock);
        String foreign = other.challenge(false);
        assertEquals(Status.STALE, server.verify(register(foreign, "alice", "wonderland"), "REGISTER", USERS).status());
        assertEquals(Status.BAD_CREDENTIALS, server.verify(register(foreign, "alice", "x"), "REGISTER", USERS).status());
        String tampered = AuthParams.parse(server.challenge(false)).get("nonce").replace('A', 'B').replace('g', 'h');
        String made = register("Digest realm=\"example.com\", qop=\"auth\", algorithm=SHA-256, nonce=\"" + tampered + "\"",
                "alice", "wonderland");
        assertEquals(Status.STALE, server.verify(made, "REGISTER", USERS).status());
        DigestServer otherRealm = new DigestServer("example.org", SECRET, clock);
        String c = AuthParams.parse(otherRealm.challenge(false)).get("nonce");
        assertEquals(Status.STALE, server.verify(register("Digest realm=\"example.com\", qop=\"auth\", algorithm=SHA-256, "
                + "nonce=\"" + c + "\"", "alice", "wonderland"), "REGISTER", USERS).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Basic YWxpY2U6d29uZGVybGFuZA==", "Digest", "Digest username=\"alice\"",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"sip:example.com\", response=\"00\"",
        "Digest username=\"alice\", realm=\"other\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=00000001, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=1, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth-int, nc=00000001, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", algorithm=SHA-1, qop=auth, nc=00000001, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", algorithm=MD5-sess, qop=auth, nc=00000001, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=0000000g, cnonce=c",
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"n\", uri=\"u\", response=\"00\", qop=auth, nc=00000001",
        "Digest username=\"alice, realm=\"example.com\""})
    void malformedCredentialsAreMalformed(String value) {
        Result r = server.verify(value, "REGISTER", USERS);
        assertEquals(Status.MALFORMED, r.status(), r.reason());
        assertNotNull(r.reason());
    }

    @Test
    void verifyNeverThrowsOnGarbage() {
        String good = register(server.challenge(false), "alice", "wonderland");
        String noise = "\"\\,= \u0000zA9/";
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder b = new StringBuilder(good);
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(b.length());
                if (random.nextBoolean()) b.deleteCharAt(at); else b.insert(at, noise.charAt(random.nextInt(noise.length())));
            }
            try {
                assertNotNull(server.verify(b.toString(), "REGISTER", USERS));
            } catch (RuntimeException e) {
                fail("'" + b + "' threw " + e);
            }
        }
        assertEquals(Status.MALFORMED, server.verify(null, "REGISTER", USERS).status());
        assertEquals(Status.MALFORMED, server.verify(good, null, USERS).status());
    }
}
