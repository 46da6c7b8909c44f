package org.peerline.sip.message;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 49 torture messages of RFC 4475 (test resources rfc4475/, from the RFC's Appendix A.1 archive; MANIFEST.tsv
 * says what each expects). Each is parsed as a datagram and checked as a UAS would (Validator), and the outcome is
 * compared with the RFC: 0 = processed, -1 = a response that is dropped, else the status of the rejection.
 */
class TortureTest {
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
    private static final Map<String, Integer> EXPECTED = Map.ofEntries(
            // 3.1.1 valid messages
            Map.entry("wsinv", 0), Map.entry("intmeth", 0), Map.entry("esc01", 0), Map.entry("escnull", 0),
            Map.entry("esc02", 0), Map.entry("lwsdisp", 0), Map.entry("longreq", 0), Map.entry("dblreq", 0),
            Map.entry("semiuri", 0), Map.entry("transports", 0), Map.entry("mpart01", 0), Map.entry("unreason", 0),
            Map.entry("noreason", 0),
            // 3.1.2 invalid messages
            Map.entry("badinv01", 400), Map.entry("clerr", 400), Map.entry("ncl", 400), Map.entry("scalar02", 400),
            Map.entry("scalarlg", -1), Map.entry("quotbal", 400), Map.entry("ltgtruri", 400),
            Map.entry("lwsruri", 400), Map.entry("lwsstart", 400), Map.entry("trws", 400),
            Map.entry("escruri", 0), // "may reject": accepted, the escaped headers are never applied
            Map.entry("baddate", 0), // "may reject": Date is not used, so it is not parsed
            Map.entry("regbadct", 400), Map.entry("badaspec", 400), Map.entry("baddn", 400),
            Map.entry("badvers", 505), Map.entry("mismatch01", 400), Map.entry("mismatch02", 400),
            Map.entry("bigcode", -1),
            // 3.2 transaction layer: parses; matching falls back to RFC 2543 rules
            Map.entry("badbranch", 0),
            // 3.3 application layer
            Map.entry("insuf", 400), Map.entry("unkscm", 416), Map.entry("novelsc", 416), Map.entry("unksm2", 0),
            Map.entry("bext01", 420), Map.entry("invut", 0), Map.entry("regaut01", 0), Map.entry("multi01", 400),
            Map.entry("mcl01", 400), Map.entry("bcast", 0), Map.entry("zeromf", 0), Map.entry("cparam01", 0),
            Map.entry("cparam02", 0), Map.entry("regescrt", 0), Map.entry("sdp01", 0),
            // 3.4 backward compatibility
            Map.entry("inv2543", 0));

    static byte[] load(String name) throws IOException {
        try (InputStream in = TortureTest.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> messages() throws IOException {
        String manifest;
        try (InputStream in = TortureTest.class.getResourceAsStream("/rfc4475/MANIFEST.tsv")) {
            manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return manifest.lines().skip(1).map(l -> l.split("\t")).map(f -> Arguments.of(f[0], f[4]));
    }

    /** What a UAS does with the datagram: 0 processed, -1 response dropped, else the rejection status. */
    static int outcome(byte[] datagram) {
        SipMessage m;
        try {
            m = MessageParser.parse(datagram);
        } catch (SipParseException e) {
            return looksLikeResponse(datagram) ? -1 : e.status();
        }
        if (m instanceof Response r) return Validator.checkResponse(r) == null ? 0 : -1;
        Validator.Rejection rej = Validator.check((Request) m, SCHEMES, Set.of(), HeaderNames.REQUIRE);
        return rej == null ? 0 : rej.status();
    }

    private static boolean looksLikeResponse(byte[] b) {
        return b.length > 4 && new String(b, 0, 4, StandardCharsets.ISO_8859_1).equals("SIP/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void handledAsTheRfcSays(String name, String sha256) throws Exception {
        byte[] data = load(name);
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(sha256, digest, name + ".dat is the RFC's bytes");
        assertTrue(EXPECTED.containsKey(name), "expectation for " + name);
        assertEquals(EXPECTED.get(name), outcome(data), name);
    }

    @Test
    void allFortyNine() throws IOException {
        assertEquals(49, messages().count());
        assertEquals(49, EXPECTED.size());
    }

    @Test
    void detailsOfValidMessages() throws IOException {
        Request wsinv = (Request) MessageParser.parse(load("wsinv"));
        assertEquals("INVITE", wsinv.method());
        assertEquals(3, wsinv.vias().size(), "folded and compact Via values");
        assertEquals("J Rosenberg \\\"", wsinv.from().display());
        assertEquals("98asjd8", wsinv.from().tag());
        assertEquals("1918181833n", wsinv.to().tag());
        assertEquals("wsinv.ndaksdj@192.0.2.1", wsinv.callId());
        assertEquals(0.33, wsinv.contacts().get(0).q());
        assertEquals(new CSeq(9, "INVITE"), wsinv.cseq());
        assertEquals(68, wsinv.maxForwards());

        Request esc01 = (Request) MessageParser.parse(load("esc01"));
        assertEquals("sips:user@example.com", ((SipUri) esc01.uri()).user());

        Request semi = (Request) MessageParser.parse(load("semiuri"));
        assertEquals("user;par=u@example.net", ((SipUri) semi.uri()).user());

        Request dbl = (Request) MessageParser.parse(load("dblreq"));
        assertEquals(Request.REGISTER, dbl.method());
        assertEquals(0, dbl.bodyLength(), "trailing INVITE is noise");

        Request mpart = (Request) MessageParser.parse(load("mpart01"));
        assertTrue(mpart.bodyLength() > 0);
        assertTrue(new String(mpart.body(), StandardCharsets.ISO_8859_1).contains("\0"), "NUL bytes kept");

        Response noreason = (Response) MessageParser.parse(load("noreason"));
        assertEquals(100, noreason.status());
        assertEquals("", noreason.reason());

        Request inv2543 = (Request) MessageParser.parse(load("inv2543"));
        assertFalse(inv2543.via().rfc3261Branch());
        assertTrue(inv2543.bodyLength() > 0, "body runs to the end of the datagram");

        Request bext = (Request) MessageParser.parse(load("bext01"));
        Validator.Rejection r = Validator.check(bext, SCHEMES, Set.of(), HeaderNames.REQUIRE);
        assertEquals(HeaderNames.UNSUPPORTED, r.header());
        assertTrue(r.headerValue().contains("nothingSupportsThis"), r.headerValue());
    }

    @Test
    void unmodifiedMessagesSerializeToTheirBytes() throws IOException {
        for (String name : List.of("wsinv", "longreq", "mpart01", "esc01", "unreason")) {
            byte[] data = load(name);
            SipMessage m = MessageParser.parse(data);
            SipMessage again = MessageParser.parse(m.toBytes());
            assertEquals(m.headerNames(), again.headerNames(), name);
            assertArrayEquals(m.body(), again.body(), name);
        }
    }
}
