package org.peerline.locator.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peerline.api.locator.LocatorException;
import org.peerline.api.locator.Target;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/** The transport selection rules of RFC 3263 §4.1 and the lookups of §4.2, against an in-memory DNS. */
class Rfc3263LocatorTest {
    private static final List<String> ALL = List.of("udp", "tcp", "tls");

    /** Records by "name/TYPE"; every question is logged; names listed in {@code failing} fail like a timeout. */
    static final class FakeDns implements DnsLookup {
        final Map<String, List<Record>> records = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        final List<String> failing = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<List<Record>> lookup(Name name, int type) {
            String key = name.toString(true) + "/" + Type.string(type);
            asked.add(key);
            if (failing.contains(key)) return CompletableFuture.failedFuture(new LocatorException(key + ": timed out"));
            return CompletableFuture.completedFuture(records.getOrDefault(key, List.of()));
        }

        FakeDns add(Record r) {
            records.computeIfAbsent(r.getName().toString(true) + "/" + Type.string(r.getType()), k -> new ArrayList<>()).add(r);
            return this;
        }

        FakeDns naptr(String domain, int order, int pref, String service, String replacement) {
            return add(new NAPTRRecord(name(domain), DClass.IN, 60, order, pref, "s", service, "", name(replacement)));
        }

        FakeDns srv(String owner, int priority, int weight, int port, String target) {
            return add(new SRVRecord(name(owner), DClass.IN, 60, priority, weight, port, name(target)));
        }

        FakeDns host(String host, String... ips) throws UnknownHostException {
            for (String ip : ips) {
                InetAddress a = InetAddress.getByName(ip);
                add(ip.contains(":") ? new AAAARecord(name(host), DClass.IN, 60, a) : new ARecord(name(host), DClass.IN, 60, a));
            }
            return this;
        }
    }

    static Name name(String s) {
        return Name.fromConstantString(s + ".");
    }

    final FakeDns dns = new FakeDns();
    final Rfc3263Locator locator = new Rfc3263Locator(dns, new Random(1));

    List<String> resolve(String uri, List<String> transports) throws Exception {
        return locator.resolve(uri, transports).toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .map(Rfc3263LocatorTest::line).toList();
    }

    static String line(Target t) {
        return t.transport() + " " + t.address().getAddress().getHostAddress() + ":" + t.address().getPort() + " " + t.host();
    }

    LocatorException failure(String uri, List<String> transports) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> locator.resolve(uri, transports).toCompletableFuture().get(5, TimeUnit.SECONDS));
        return assertInstanceOf(LocatorException.class, e.getCause());
    }

    @Test
    void numericTargetNeedsNoLookup() throws Exception {
        assertEquals(List.of("udp 192.0.2.1:5060 192.0.2.1"), resolve("sip:bob@192.0.2.1", ALL));
        assertEquals(List.of("tls 192.0.2.1:5061 192.0.2.1"), resolve("sips:bob@192.0.2.1", ALL));
        assertEquals(List.of("udp 0:0:0:0:0:0:0:1:5070 ::1"), resolve("sip:[::1]:5070", ALL));
        assertEquals(List.of("tcp 192.0.2.1:5060 192.0.2.1"), resolve("sip:192.0.2.1", List.of("tcp")),
                "a client without UDP uses its first transport");
        assertEquals(List.of("tcp 192.0.2.9:5060 192.0.2.9"), resolve("sip:x.test;maddr=192.0.2.9;transport=TCP", ALL));
        assertEquals(List.of(), dns.asked);
    }

    @Test
    void portGivenMeansAddressRecordsOnly() throws Exception {
        dns.host("x.test", "192.0.2.5", "2001:db8::5").naptr("x.test", 1, 1, "SIP+D2T", "_sip._tcp.x.test");
        assertEquals(List.of("udp 192.0.2.5:5080 x.test", "udp 2001:db8:0:0:0:0:0:5:5080 x.test"),
                resolve("sip:x.test:5080", ALL));
        assertEquals(List.of("tls 192.0.2.5:5081 x.test", "tls 2001:db8:0:0:0:0:0:5:5081 x.test"),
                resolve("sips:x.test:5081", ALL));
        assertEquals(List.of("x.test/A", "x.test/AAAA", "x.test/A", "x.test/AAAA"), dns.asked);
    }

    @Test
    void explicitTransportQueriesItsSrvThenFallsBackToAddress() throws Exception {
        dns.srv("_sips._tcp.x.test", 1, 0, 5063, "s.x.test").host("s.x.test", "192.0.2.6").host("x.test", "192.0.2.5");
        assertEquals(List.of("tls 192.0.2.6:5063 s.x.test"), resolve("sips:x.test;transport=tcp", ALL));
        assertEquals(List.of("tcp 192.0.2.5:5060 x.test"), resolve("sip:x.test;transport=tcp", ALL));
        assertEquals(List.of("wss 192.0.2.5:443 x.test"), resolve("sips:x.test;transport=ws", List.of("wss")),
                "RFC 7118: no SRV for WebSocket; its default port");
        assertEquals(List.of("_sips._tcp.x.test/SRV", "s.x.test/A", "s.x.test/AAAA",
                "_sip._tcp.x.test/SRV", "x.test/A", "x.test/AAAA", "x.test/A", "x.test/AAAA"), dns.asked);
    }

    @Test
    void naptrOrderThenPreferenceOnlySupportedServices() throws Exception {
        dns.naptr("x.test", 10, 20, "SIP+D2U", "_sip._udp.x.test").naptr("x.test", 10, 10, "SIP+D2T", "_sip._tcp.x.test")
                .naptr("x.test", 5, 10, "SIP+D2S", "_sip._sctp.x.test").naptr("x.test", 20, 10, "SIPS+D2T", "_sips._tcp.x.test")
                .srv("_sip._udp.x.test", 1, 0, 5060, "u.x.test").srv("_sip._tcp.x.test", 1, 0, 5060, "t.x.test")
                .srv("_sips._tcp.x.test", 1, 0, 5061, "t.x.test").host("u.x.test", "192.0.2.1").host("t.x.test", "192.0.2.2");
        assertEquals(List.of("tcp 192.0.2.2:5060 t.x.test", "udp 192.0.2.1:5060 u.x.test", "tls 192.0.2.2:5061 t.x.test"),
                resolve("sip:x.test", ALL), "SCTP is not supported by this client: its record is skipped");
        assertEquals(List.of("tls 192.0.2.2:5061 t.x.test"), resolve("sips:x.test", ALL), "sips: only SIPS+D2T");
        assertEquals(List.of("udp 192.0.2.1:5060 u.x.test"), resolve("sip:x.test", List.of("udp")));
    }

    @Test
    void withoutNaptrSrvInTheClientsOrderThenAddressRecords() throws Exception {
        dns.srv("_sip._udp.x.test", 1, 0, 5062, "u.x.test").srv("_sip._tcp.x.test", 1, 0, 5064, "t.x.test")
                .host("u.x.test", "192.0.2.1").host("t.x.test", "192.0.2.2").host("y.test", "192.0.2.3");
        assertEquals(List.of("tcp 192.0.2.2:5064 t.x.test", "udp 192.0.2.1:5062 u.x.test"),
                resolve("sip:x.test", List.of("tls", "tcp", "udp")));
        assertEquals(List.of("udp 192.0.2.3:5060 y.test"), resolve("sip:y.test", ALL));
        assertEquals(List.of("tls 192.0.2.3:5061 y.test"), resolve("sips:y.test", ALL));
        assertEquals(List.of("tcp 192.0.2.3:5060 y.test"), resolve("sip:y.test", List.of("tcp")));
        assertEquals(List.of(), resolve("sip:nothing.test", ALL), "a name with no records");
    }

    @Test
    void srvTargetsInPriorityOrderWithAllTheirAddresses() throws Exception {
        dns.srv("_sip._udp.x.test", 20, 0, 5070, "c.x.test").srv("_sip._udp.x.test", 10, 0, 5071, "a.x.test")
                .host("a.x.test", "192.0.2.1", "2001:db8::1").host("c.x.test", "192.0.2.3");
        assertEquals(List.of("udp 192.0.2.1:5071 a.x.test", "udp 2001:db8:0:0:0:0:0:1:5071 a.x.test",
                "udp 192.0.2.3:5070 c.x.test"), resolve("sip:x.test", ALL));
    }

    @Test
    void errorsAreLocatorExceptionsNamingTheCause() {
        dns.failing.add("x.test/NAPTR");
        assertTrue(failure("sip:x.test", ALL).getMessage().contains("x.test/NAPTR"));
        assertTrue(failure("sip:x.test;transport=tcp", List.of("udp")).getMessage().contains("tcp is not among"));
        assertTrue(failure("sips:x.test;transport=udp", ALL).getMessage().contains("cannot carry a sips URI"));
        assertTrue(failure("sips:192.0.2.1", List.of("udp", "tcp")).getMessage().contains("can carry sips"));
        assertTrue(failure("tel:+1-201-555-0123", ALL).getMessage().startsWith("tel:+1-201-555-0123: "));
    }
}
