package org.peerline.locator.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3261 §19.1.1 URIs (examples of §19.1.3), RFC 5118 IPv6 references, and the TARGET of RFC 3263 §4.1. */
class SipUriTest {
    @Test
    void parsesTheExamplesOfRfc3261() {
        assertEquals(new SipUri(false, "atlanta.com", -1, null, null), SipUri.parse("sip:alice@atlanta.com"));
        assertEquals(new SipUri(false, "atlanta.com", -1, "tcp", null),
                SipUri.parse("sip:alice:secretword@atlanta.com;transport=tcp"));
        assertEquals(new SipUri(true, "atlanta.com", -1, null, null),
                SipUri.parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent"));
        assertEquals(new SipUri(false, "gateway.com", -1, null, null),
                SipUri.parse("sip:+1-212-555-1212:1234@gateway.com;user=phone"));
        assertEquals(new SipUri(false, "192.0.2.4", -1, null, null), SipUri.parse("sip:alice@192.0.2.4"));
        assertEquals(new SipUri(false, "atlanta.com", -1, null, null), SipUri.parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com"));
        assertEquals(new SipUri(false, "example.com", -1, null, null), SipUri.parse("sip:alice;day=tuesday@example.com"));
    }

    @Test
    void portTransportAndMaddr() {
        SipUri u = SipUri.parse("<SIP:bob@Biloxi.COM:5070;Transport=UDP;maddr=239.255.255.1;ttl=15;lr>");
        assertEquals(new SipUri(false, "biloxi.com", 5070, "udp", "239.255.255.1"), u);
        assertEquals("239.255.255.1", u.target(), "RFC 3263 §4.1: maddr overrides the host");
        assertTrue(u.numericTarget());
        assertFalse(SipUri.parse("sip:biloxi.com").numericTarget());
        assertEquals("proxy.biloxi.com", SipUri.parse("sip:biloxi.com;maddr=proxy.biloxi.com").target());
    }

    @Test
    void ipv6ReferencesOfRfc5118() {
        assertEquals(new SipUri(false, "2001:db8::10", -1, null, null), SipUri.parse("sip:[2001:db8::10]"));
        assertEquals(new SipUri(true, "::1", 5071, "tcp", null), SipUri.parse("sips:alice@[::1]:5071;transport=tcp"));
        assertEquals(new SipUri(false, "2001:db8::9:1", -1, null, null), SipUri.parse("sip:alice@[2001:db8::9:1]"));
        assertEquals("2001:db8::1", SipUri.parse("sip:x.example;maddr=[2001:db8::1]").target());
        assertTrue(SipUri.parse("sip:[2001:db8::10]").numericTarget());
        assertFalse(SipUri.parse("sip:999.1.1.1").numericTarget(), "not an address: a (strange) domain name");
    }

    @Test
    void rejectsWhatIsNotASipUri() {
        for (String bad : new String[] {"tel:+1-201-555-0123", "http://example.com", "sip:", "sip:alice@", "sip:[::1",
                "sip:host:99999", "sip:host:x", "sip:ho_st", "sip:[::1]x", "sip:host;transport=", "sip:host;maddr=", "sip:host;maddr=a_b", "example.com"}) {
            assertThrows(IllegalArgumentException.class, () -> SipUri.parse(bad), bad);
        }
    }
}
