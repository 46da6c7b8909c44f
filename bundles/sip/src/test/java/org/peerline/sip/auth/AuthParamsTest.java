package org.peerline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthParamsTest {
    @Test
    void parsesRfc7616Challenge() {
        AuthParams c = AuthParams.parse("Digest\n realm=\"http-auth@example.org\",\n qop=\"auth, auth-int\",\n"
                + " algorithm=SHA-256,\n nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\n"
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        assertTrue(c.isScheme("digest"));
        assertEquals("http-auth@example.org", c.get("REALM"));
        assertEquals("auth, auth-int", c.get("qop"));
        assertEquals("SHA-256", c.get("algorithm"));
        assertEquals(List.of("realm", "qop", "algorithm", "nonce", "opaque"), List.copyOf(c.asMap().keySet()));
        assertNull(c.get("stale"));
    }

    @Test
    void formatsAndParsesBack() {
        AuthParams a = AuthParams.of("Digest").with("username", "bob \"the\" \\builder").with("uri", "sip:a@b;x=1,y")
                .withToken("nc", "00000001").withToken("algorithm", "MD5");
        String s = a.format();
        assertEquals("Digest username=\"bob \\\"the\\\" \\\\builder\", uri=\"sip:a@b;x=1,y\", nc=00000001, algorithm=MD5", s);
        assertEquals(a.asMap(), AuthParams.parse(s).asMap());
        assertEquals(s, AuthParams.parse(s).format());
    }

    @Test
    void quotedCommasEscapesAndEmptyQuotedValue() {
        AuthParams a = AuthParams.parse("Digest realm=\"a, b\", opaque=\"\", nonce=\"x\\\"y\\\\z\\q\"");
        assertEquals(Map.of("realm", "a, b", "opaque", "", "nonce", "x\"y\\zq"), a.asMap());
    }

    @Test
    void unquotedFormsRealPhonesSend() {
        AuthParams a = AuthParams.parse("DIGEST username=bob,realm=example.com,nonce=ab/c+d==,"
                + "uri=sip:example.com;transport=udp,response=0123abcd,algorithm=md5,qop=auth,nc=00000001,cnonce=xyz");
        assertEquals("sip:example.com;transport=udp", a.get("uri"));
        assertEquals("ab/c+d==", a.get("nonce"));
        assertEquals("md5", a.get("algorithm"));
        assertEquals(9, a.asMap().size());
    }

    @Test
    void toleratesLwsAndEmptyListElements() {
        AuthParams a = AuthParams.parse("  Digest \t realm = \"r\" ,, \t nonce\t=\tn ,  ");
        assertEquals(Map.of("realm", "r", "nonce", "n"), a.asMap());
        assertTrue(AuthParams.parse("Digest").asMap().isEmpty());
    }

    @Test
    void parsesSeveralChallengesInOneValue() {
        List<AuthParams> all = AuthParams.parseAll("Digest realm=\"a\", algorithm=SHA-256, nonce=\"1\", "
                + "Digest realm=\"a\", nonce=\"2\", Newauth realm=\"apps\", type=1");
        assertEquals(3, all.size());
        assertEquals("SHA-256", all.get(0).get("algorithm"));
        assertEquals("2", all.get(1).get("nonce"));
        assertEquals("Newauth", all.get(2).scheme());
        assertThrows(IllegalArgumentException.class, () -> AuthParams.parse("Digest realm=a, Basic realm=b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ",,", "\"Digest\"", "Digest realm", "Digest realm=", "Digest realm=,nonce=1",
        "Digest realm=\"unterminated", "Digest realm=\"a\" nonce=\"b\"", "Digest realm=\"a\"\"b\"",
        "Digest realm=a, realm=b", "Digest =x", "Digest realm=\"a\\", "Digest realm=\"\u0001\"",
        "Digest foo bar=1", "Digest realm=a, stale", "Digest realm=a b", "Digest ,=", "@@@",
        "Digest realm=\"a\r\nX-Evil: 1\""})
    void malformedThrowsIllegalArgumentExceptionWithReason(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthParams.parse(value));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }

    @Test
    void nullAndBadBuilderInputAreIllegalArguments() {
        assertThrows(IllegalArgumentException.class, () -> AuthParams.parse(null));
        assertThrows(IllegalArgumentException.class, () -> AuthParams.of("Di gest"));
        assertThrows(IllegalArgumentException.class, () -> AuthParams.of("Digest").with("realm", "a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> AuthParams.of("Digest").withToken("nc", "0 1"));
        assertThrows(IllegalArgumentException.class, () -> AuthParams.of("Digest").with("re alm", "x"));
    }

    @Test
    void randomGarbageOnlyEverThrowsIllegalArgumentException() {
        String alphabet = "Digest realm=\"\\, \t\r\n=abc\u00e9\u0000\u007f;:@";
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder(n % 2 == 0 ? "Digest " : "");
            for (int k = random.nextInt(40); k > 0; k--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            try {
                AuthParams a = AuthParams.parse(b.toString());
                AuthParams.parse(a.format());
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            } catch (RuntimeException e) {
                fail("'" + b + "' threw " + e);
            }
        }
    }
}
