package org.peerline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerline.sip.auth.Digest.Algorithm;

class DigestClientTest {
    static final String CHALLENGE = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    final DigestClient client = new DigestClient();

    /** Recomputes the response from the parameters the client sent. */
    static String expected(AuthParams a, String method, String password, byte[] body) {
        Algorithm alg = Algorithm.of(a.get("algorithm"));
        String ha1 = Digest.ha1(alg, a.get("username"), a.get("realm"), password, a.get("nonce"), a.get("cnonce"));
        return Digest.response(alg, ha1, a.get("nonce"), a.get("nc"), a.get("cnonce"), a.get("qop"),
                Digest.ha2(alg, a.get("qop"), method, a.get("uri"), body));
    }

    @Test
    void answersRfc7616Sha256Challenge() {
        AuthParams a = AuthParams.parse(client.authorize(CHALLENGE, "GET", "/dir/index.html", "Mufasa", "Circle of Life"));
        assertEquals("Mufasa", a.get("username"));
        assertEquals("http-auth@example.org", a.get("realm"));
        assertEquals("/dir/index.html", a.get("uri"));
        assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", a.get("opaque"));
        assertEquals("SHA-256", a.get("algorithm"));
        assertEquals("auth", a.get("qop"));
        assertEquals("00000001", a.get("nc"));
        assertEquals(32, a.get("cnonce").length());
        assertEquals(expected(a, "GET", "Circle of Life", null), a.get("response"));
    }

    @Test
    void nonceCountIncrementsOnReuseAndCnonceChanges() {
        AuthParams first = AuthParams.parse(client.authorize(CHALLENGE, "REGISTER", "sip:example.org", "bob", "pw"));
        AuthParams second = AuthParams.parse(client.authorize(CHALLENGE, "REGISTER", "sip:example.org", "bob", "pw"));
        AuthParams other = AuthParams.parse(client.authorize(CHALLENGE.replace("7ypf", "8ypf"), "REGISTER",
                "sip:example.org", "bob", "pw"));
        assertEquals("00000001", first.get("nc"));
        assertEquals("00000002", second.get("nc"));
        assertEquals("00000001", other.get("nc"));
        assertNotEquals(first.get("cnonce"), second.get("cnonce"));
        assertEquals(expected(second, "REGISTER", "pw", null), second.get("response"));
    }

    @Test
    void picksStrongestSupportedAlgorithm() {
        List<String> offered = List.of("Basic realm=\"x\"", "Digest realm=\"r\", nonce=\"1\", qop=\"auth\"",
                "Digest realm=\"r\", nonce=\"2\", qop=\"auth\", algorithm=SHA-256",
                "Digest realm=\"r\", nonce=\"3\", qop=\"auth\", algorithm=SHA3-512",
                "Digest realm=\"r\", nonce=\"4\", qop=\"auth\", algorithm=SHA-256-sess", "Digest realm=\"garbage");
        assertEquals("2", DigestClient.select(offered).get("nonce"));
        AuthParams a = AuthParams.parse(client.authorize(offered, "INVITE", "sip:bob@r", "alice", "pw", null));
        assertEquals("SHA-256", a.get("algorithm"));
        assertEquals(expected(a, "INVITE", "pw", null), a.get("response"));
        assertEquals("3", DigestClient.select(List.of(offered.get(1),
                "Digest realm=\"r\", nonce=\"3\", algorithm=SHA-512-256")).get("nonce"));
    }

    @Test
    void noUsableChallengeIsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> DigestClient.select(List.of("Basic realm=\"x\"")));
        assertThrows(IllegalArgumentException.class, () -> DigestClient.select(List.of("Digest realm=\"x\"")));
        assertThrows(IllegalArgumentException.class, () -> DigestClient.select(List.of("Digest realm=\"x")));
        assertThrows(IllegalArgumentException.class, () -> client.authorize("Digest realm=\"r\", nonce=\"n\", qop=\"x\"",
                "GET", "/", "u", "p"));
        assertThrows(IllegalArgumentException.class, () -> client.authorize(
                "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess", "GET", "/", "u", "p"));
    }

    @Test
    void staleChallenge() {
        assertTrue(DigestClient.isStale("Digest realm=\"r\", nonce=\"n\", stale=TRUE"));
        assertTrue(DigestClient.isStale("Digest realm=\"r\", nonce=\"n\", stale=\"true\""));
        assertFalse(DigestClient.isStale("Digest realm=\"r\", nonce=\"n\", stale=false"));
        assertFalse(DigestClient.isStale("Digest realm=\"r\", nonce=\"n\""));
    }

    @Test
    void rfc2069ChallengeWithoutQop() {
        AuthParams a = AuthParams.parse(client.authorize("Digest realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"", "GET", "/dir/index.html", "Mufasa", "Circle Of Life"));
        assertNull(a.get("qop"));
        assertNull(a.get("nc"));
        assertNull(a.get("cnonce"));
        assertNull(a.get("opaque"));
        assertEquals("670fd8c2df070c60b045671b8b24ff02", a.get("response"));
    }

    @Test
    void authIntWhenBodyGiven() {
        byte[] body = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n".getBytes(StandardCharsets.US_ASCII);
        AuthParams a = AuthParams.parse(client.authorize(List.of(CHALLENGE), "INVITE", "sip:bob@example.org", "alice",
                "pw", body));
        assertEquals("auth-int", a.get("qop"));
        assertEquals(expected(a, "INVITE", "pw", body), a.get("response"));
    }

    @Test
    void escapesQuotesInUsername() {
        AuthParams a = AuthParams.parse(client.authorize(CHALLENGE, "GET", "/", "a\"b\\c", "pw"));
        assertEquals("a\"b\\c", a.get("username"));
        assertEquals(expected(a, "GET", "pw", null), a.get("response"));
    }
}
