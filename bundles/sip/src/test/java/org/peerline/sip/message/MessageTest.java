package org.peerline.sip.message;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {
    static final String INVITE = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
            + "X-Unknown:   kept  as is \r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 4\r\n\r\nv=0\n";

    static Request invite() {
        return (Request) MessageParser.parse(INVITE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void buildsARequestInAFewLines() {
        Request r = new Request(Request.OPTIONS, SipUri.parse("sip:bob@example.com"))
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx1").add("Max-Forwards", 70)
                .add("From", "<sip:alice@example.com>;tag=a1").add("To", "<sip:bob@example.com>")
                .add("Call-ID", "c1@127.0.0.1").add("CSeq", "1 OPTIONS");
        String wire = r.toString();
        assertTrue(wire.startsWith("OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx1\r\n"));
        assertTrue(wire.endsWith("Content-Length: 0\r\n\r\n"));
        Request back = (Request) MessageParser.parse(r.toBytes());
        assertEquals("z9hG4bKx1", back.via().branch());
        assertEquals(new CSeq(1, "OPTIONS"), back.cseq());
    }

    @Test
    void unmodifiedIsByteForByteAndModifiedFixesContentLength() {
        byte[] bytes = INVITE.getBytes(StandardCharsets.UTF_8);
        Request r = invite();
        assertArrayEquals(bytes, r.toBytes());
        assertEquals("kept  as is", r.header("x-unknown"));
        r.addFirst("Via", "SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1");
        r.body("v=0\r\ns=-\r\n", "application/sdp");
        Request back = (Request) MessageParser.parse(r.toBytes());
        assertEquals("proxy.example.com", back.via().host());
        assertEquals(2, back.vias().size());
        assertEquals("10", back.header("Content-Length"));
        assertEquals("X-Unknown: kept  as is", back.toString().lines().filter(l -> l.startsWith("X-")).findFirst().orElseThrow());
    }

    @Test
    void compactFormsFoldingAndLists() {
        String m = "BYE sip:b@h SIP/2.0\r\nv: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                + "f: <sip:a@h>;tag=1\r\nt: <sip:b@h>\r\n ;tag=2\r\ni: x\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n";
        Request r = (Request) MessageParser.parse(m.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, r.vias().size());
        assertEquals("2", r.to().tag());
        assertEquals("x", r.callId());
        assertEquals("SIP/2.0/UDP a;branch=z9hG4bK1", r.removeFirst("Via"));
        assertEquals(List.of("SIP/2.0/UDP b;branch=z9hG4bK2"), r.values("Via"));
    }

    @Test
    void uriComparisonFollowsRfc3261Section19_1_4() {
        // equivalent pairs from RFC 3261 §19.1.4
        assertEquiv("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp");
        assertEquiv("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5");
        assertEquiv("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5");
        assertEquiv("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com");
        assertEquiv("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x");
        // non-equivalent pairs
        assertNotEquiv("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP");
        assertNotEquiv("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060");
        assertNotEquiv("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp");
        assertNotEquiv("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;newparam=6");
        assertNotEquiv("sip:alice@atlanta.com?subject=project%20x", "sip:alice@atlanta.com");
    }

    private static void assertEquiv(String a, String b) {
        assertTrue(Uri.parse(a).equivalent(Uri.parse(b)), a + " ~ " + b);
        assertTrue(Uri.parse(b).equivalent(Uri.parse(a)), b + " ~ " + a);
    }

    private static void assertNotEquiv(String a, String b) {
        assertFalse(Uri.parse(a).equivalent(Uri.parse(b)), a + " !~ " + b);
    }

    @Test
    void ipv6TelAndOtherSchemes() {
        SipUri v6 = SipUri.parse("sip:[2001:db8::10]:5070;transport=udp");
        assertEquals("[2001:db8::10]", v6.host());
        assertEquals("2001:db8::10", v6.hostAddress());
        assertEquals(5070, v6.port());
        assertEquals("udp", v6.transport());
        Via via = Via.parse("SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3;received=[2001:db8::9:255];rport");
        assertEquals("[2001:db8::9:255]", via.received());
        assertEquals(-1, via.rport());
        assertTrue(Uri.parse("tel:+1-201-555-0123").equivalent(Uri.parse("tel:+1.201.555.0123")));
        assertEquals("mailto", Uri.parse("mailto:a@b").scheme());
        assertThrows(SipParseException.class, () -> Uri.parse("sip:a@b c"));
    }

    @Test
    void addressForms() {
        Address a = Address.parse("\"A \\\"quote\\\"\" <sip:a@h;lr>;tag=9;q=0.5");
        assertEquals("A \"quote\"", a.display());
        assertEquals("9", a.tag());
        assertTrue(a.sipUri().lr());
        assertEquals(0.5, a.q());
        Address spec = Address.parse("sip:a@h;expires=60");
        assertEquals(60, spec.expires(), "addr-spec parameters belong to the header");
        assertTrue(Address.parse("*").isStar());
        assertEquals(a.toString(), Address.parse(a.toString()).toString());
    }

    @Test
    void responsesCopyTheRightHeaders() {
        Response r = Response.to(invite(), 180, null, "t1");
        assertEquals("Ringing", r.reason());
        assertEquals("t1", r.to().tag());
        assertEquals(invite().callId(), r.callId());
        assertNull(Response.to(invite(), 100, null, "t1").to().tag(), "no tag on 100 Trying");
    }

    @Test
    void framerCutsMessagesAndKeepAlives() throws IOException {
        StreamFramer f = new StreamFramer(65535);
        byte[] one = INVITE.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        buf.put("\r\n\r\n".getBytes()).put(one).put(one, 0, 100).flip();
        assertEquals(4, f.frame(buf), "ping delivered");
        buf.position(4);
        assertEquals(one.length, f.frame(buf));
        buf.position(4 + one.length);
        assertEquals(0, f.frame(buf), "incomplete");
        ByteBuffer pong = ByteBuffer.wrap("\r\nINVITE".getBytes());
        assertEquals(-2, f.frame(pong));
        ByteBuffer bad = ByteBuffer.wrap("OPTIONS sip:a SIP/2.0\r\nContent-Length: -5\r\n\r\n".getBytes());
        assertThrows(IOException.class, () -> f.frame(bad));
        ByteBuffer huge = ByteBuffer.wrap("OPTIONS sip:a SIP/2.0\r\nl: 99999999\r\n\r\n".getBytes());
        assertThrows(IOException.class, () -> f.frame(huge));
    }

    @Test
    void badInputNamesTheProblem() {
        assertEquals("no end of line after the start line", reason("INVITE sip:a@b SIP/2.0"));
        assertEquals("header line without a colon: 'Via SIP/2.0/UDP a'",
                reason("INVITE sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP a\r\n\r\n"));
        assertEquals("bad header name 'V ia'", reason("INVITE sip:a@b SIP/2.0\r\nV ia: x\r\n\r\n"));
        assertEquals(505, status("INVITE sip:a@b SIP/3.0\r\n\r\n"));
    }

    private static String reason(String m) {
        return assertThrows(SipParseException.class, () -> MessageParser.parse(m.getBytes(StandardCharsets.UTF_8))).reason();
    }

    private static int status(String m) {
        return assertThrows(SipParseException.class, () -> MessageParser.parse(m.getBytes(StandardCharsets.UTF_8))).status();
    }
}
