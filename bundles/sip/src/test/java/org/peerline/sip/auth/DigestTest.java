package org.peerline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.peerline.sip.auth.Digest.Algorithm;

/** RFC 2617 §3.5 and RFC 7616 §3.9.1 vectors; others computed independently with Python's hashlib. */
class DigestTest {
    static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    static String rfc7616(Algorithm alg) {
        String ha1 = Digest.ha1(alg, "Mufasa", "http-auth@example.org", "Circle of Life", NONCE_7616, CNONCE_7616);
        return Digest.response(alg, ha1, NONCE_7616, "00000001", CNONCE_7616, "auth",
                Digest.ha2(alg, "auth", "GET", "/dir/index.html", null));
    }

    @Test
    void rfc2617MufasaExample() {
        String nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
        String ha1 = Digest.ha1(Algorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", nonce, "0a4f113b");
        String ha2 = Digest.ha2(Algorithm.MD5, "auth", "GET", "/dir/index.html", null);
        assertEquals("6629fae49393a05397450978507c4ef1",
                Digest.response(Algorithm.MD5, ha1, nonce, "00000001", "0a4f113b", "auth", ha2));
    }

    @Test
    void rfc7616Md5Example() {
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", rfc7616(Algorithm.MD5));
    }

    @Test
    void rfc7616Sha256Example() {
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", rfc7616(Algorithm.SHA_256));
    }

    @Test
    void sha512_256OnTheRfc7616Inputs() {
        assertEquals("430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0", rfc7616(Algorithm.SHA_512_256));
    }

    @Test
    void rfc2069FormWithoutQop() {
        String nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
        String ha1 = Digest.ha1(Algorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", nonce, null);
        assertEquals("670fd8c2df070c60b045671b8b24ff02", Digest.response(Algorithm.MD5, ha1, nonce, null, null, null,
                Digest.ha2(Algorithm.MD5, null, "GET", "/dir/index.html", null)));
    }

    @Test
    void md5SessWithAuthInt() {
        String nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
        String ha1 = Digest.ha1(Algorithm.MD5_SESS, "Mufasa", "testrealm@host.com", "Circle Of Life", nonce, "0a4f113b");
        String ha2 = Digest.ha2(Algorithm.MD5_SESS, "auth-int", "INVITE", "sip:bob@example.com",
                "v=0\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("28474f99ae5c437e76b3bf752e3eccd3",
                Digest.response(Algorithm.MD5_SESS, ha1, nonce, "00000001", "0a4f113b", "auth-int", ha2));
    }

    @Test
    void sha256Sess() {
        String ha1 = Digest.ha1(Algorithm.SHA_256_SESS, "Mufasa", "http-auth@example.org", "Circle of Life", "n", "c");
        assertEquals("fc7a17d41c34565e4739c91947ec30e9aa6b194374ec6ffb79a36d662c9108c3", Digest.response(
                Algorithm.SHA_256_SESS, ha1, "n", "00000002", "c", "auth",
                Digest.ha2(Algorithm.SHA_256_SESS, "auth", "REGISTER", "sip:example.com", null)));
    }

    @Test
    void algorithmTokens() {
        assertEquals(Algorithm.MD5, Algorithm.of(null));
        assertEquals(Algorithm.SHA_256_SESS, Algorithm.of("sha-256-SESS"));
        assertNull(Algorithm.of("SHA-1"));
        assertTrue(Algorithm.MD5_SESS.sameHash(Algorithm.MD5));
        assertFalse(Algorithm.SHA_256.sameHash(Algorithm.SHA_512_256));
    }

    @Test
    void matchesComparesHexIgnoringCase() {
        assertTrue(Digest.matches("8ca523f5e9506fed4657c9700eebdbec", "8CA523F5E9506FED4657C9700EEBDBEC"));
        assertFalse(Digest.matches("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbed"));
        assertFalse(Digest.matches("8ca523f5e9506fed4657c9700eebdbec", "8ca523"));
        assertFalse(Digest.matches("8ca523f5e9506fed4657c9700eebdbec", null));
    }
}
