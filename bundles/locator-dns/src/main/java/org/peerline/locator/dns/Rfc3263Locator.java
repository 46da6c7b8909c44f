package org.peerline.locator.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peerline.api.locator.Locator;
import org.peerline.api.locator.LocatorException;
import org.peerline.api.locator.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Locating SIP servers (RFC 3263 §4): §4.1 picks the transport (URI parameter, numeric address, port, NAPTR records
 * per RFC 3403 §4, or SRV queries), §4.2 finds port and addresses (SRV per RFC 2782, then A and AAAA), and the
 * result is the whole failover list of §4.3: every address of every target, in the order to try them.
 * Non-blocking: every query is asynchronous, and independent queries run in parallel.
 */
public final class Rfc3263Locator implements Locator {
    private static final Logger LOG = LoggerFactory.getLogger(Rfc3263Locator.class);
    /** NAPTR services of RFC 3263 §4.1, RFC 4168 §6 (SCTP) and RFC 7118 §9 (WebSocket), to transport names. */
    private static final Map<String, String> SERVICES = Map.of("SIP+D2U", "udp", "SIP+D2T", "tcp", "SIPS+D2T", "tls",
            "SIP+D2S", "sctp", "SIP+D2W", "ws", "SIPS+D2W", "wss");
    /** SRV service names of RFC 3263 §4.1 and RFC 4168 §6, in the order of RFC 3263's example. */
    private static final Map<String, String> SRV_PREFIXES = Map.of("tls", "_sips._tcp.", "tcp", "_sip._tcp.",
            "udp", "_sip._udp.", "sctp", "_sip._sctp.");

    private final DnsLookup dns;
    private final Random random;

    public Rfc3263Locator(DnsLookup dns) {
        this(dns, new Random());
    }

    /** @param random decides among SRV records of equal priority (RFC 2782); seed it for repeatable order */
    public Rfc3263Locator(DnsLookup dns, Random random) {
        this.dns = dns;
        this.random = random;
    }

    @Override
    public CompletionStage<List<Target>> resolve(String uri, List<String> transports) {
        CompletableFuture<List<Target>> out = new CompletableFuture<>();
        CompletionStage<List<Target>> work;
        try {
            work = locate(SipUri.parse(uri), transports.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
        } catch (IllegalArgumentException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((targets, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null) {
                LOG.debug("{} -> {}", uri, targets);
                out.complete(targets);
            } else {
                out.completeExceptionally(cause instanceof LocatorException ? cause : new LocatorException(uri + ": "
                        + (cause instanceof IllegalArgumentException ? cause.getMessage() : cause.toString()), cause));
            }
        });
        return out;
    }

    /** RFC 3263 §4.1 and §4.2, in the order of their rules. */
    private CompletionStage<List<Target>> locate(SipUri uri, List<String> transports) {
        String target = uri.target();
        if (uri.transport() != null) { // §4.1: the transport parameter decides
            String t = explicitTransport(uri, transports);
            if (uri.numericTarget()) return done(literal(t, target, port(uri, t)));
            if (uri.port() >= 0) return addresses(t, target, uri.port());
            return srv(List.of(t), target).thenCompose(orElse(() -> addresses(t, target, defaultPort(t))));
        }
        if (uri.numericTarget()) { // §4.1: UDP for sip, TLS over TCP for sips
            String t = fallbackTransport(uri, transports);
            return done(literal(t, target, port(uri, t)));
        }
        if (uri.port() >= 0) { // §4.1: UDP for sip, TLS for sips; §4.2: A/AAAA, no SRV
            String t = fallbackTransport(uri, transports);
            return addresses(t, target, uri.port());
        }
        return naptr(uri, transports, target);
    }

    /** §4.1: NAPTR (RFC 3403 §4: order, then preference), keeping the services this client supports. */
    private CompletionStage<List<Target>> naptr(SipUri uri, List<String> transports, String target) {
        return dns.lookup(name(target), Type.NAPTR).thenCompose(records -> {
            List<NAPTRRecord> usable = records.stream().map(NAPTRRecord.class::cast)
                    .filter(r -> r.getFlags().equalsIgnoreCase("s") && r.getRegexp().isEmpty())
                    .filter(r -> transports.contains(SERVICES.get(r.getService().toUpperCase(Locale.ROOT))))
                    .filter(r -> !uri.secure() || r.getService().toUpperCase(Locale.ROOT).startsWith("SIPS+"))
                    .sorted(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference))
                    .toList();
            if (usable.isEmpty()) { // §4.1: no NAPTR: SRV for each supported transport, in the client's order
                List<String> wanted = transports.stream().filter(t -> !uri.secure() || t.equals("tls")).toList();
                String t = fallbackTransport(uri, transports);
                return srv(wanted, target).thenCompose(orElse(() -> addresses(t, target, defaultPort(t))));
            }
            List<String> ts = usable.stream().map(r -> SERVICES.get(r.getService().toUpperCase(Locale.ROOT))).toList();
            List<Name> names = usable.stream().map(NAPTRRecord::getReplacement).toList();
            String t = SERVICES.get(usable.get(0).getService().toUpperCase(Locale.ROOT));
            return srv(ts, names).thenCompose(orElse(() -> addresses(t, target, defaultPort(t))));
        });
    }

    /** §4.2: SRV queries for the given transports of {@code domain}, in that order. */
    private CompletionStage<List<Target>> srv(List<String> transports, String domain) {
        List<String> ts = transports.stream().filter(SRV_PREFIXES::containsKey).toList();
        return srv(ts, ts.stream().map(t -> name(SRV_PREFIXES.get(t) + domain)).toList());
    }

    /**
     * §4.2: SRV queries (in parallel), each RRset then ordered per RFC 2782 in list order (so that a seeded Random
     * gives one order), then the addresses of every target.
     */
    private CompletionStage<List<Target>> srv(List<String> transports, List<Name> names) {
        List<CompletableFuture<List<Record>>> answers = names.stream()
                .map(n -> dns.lookup(n, Type.SRV).toCompletableFuture()).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<CompletionStage<List<Target>>> parts = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                List<SRVRecord> records = answers.get(i).join().stream().map(SRVRecord.class::cast).toList();
                for (SRVRecord r : SrvOrder.order(records, random)) {
                    parts.add(addresses(transports.get(i), r.getTarget(), r.getPort()));
                }
            }
            return all(parts);
        });
    }

    private CompletionStage<List<Target>> addresses(String transport, String host, int port) {
        return addresses(transport, name(host), port);
    }

    /** §4.2: A and AAAA records of one host (queried together; IPv4 listed first), each with the port. */
    private CompletionStage<List<Target>> addresses(String transport, Name host, int port) {
        String hostText = host.toString(true);
        Function<List<Record>, List<Target>> toTargets = records -> records.stream()
                .map(r -> r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress())
                .map(a -> new Target(transport, new InetSocketAddress(a, port), hostText)).toList();
        return all(List.of(dns.lookup(host, Type.A).thenApply(toTargets), dns.lookup(host, Type.AAAA).thenApply(toTargets)));
    }

    /** A numeric TARGET (§4.1) needs no lookup. */
    private static List<Target> literal(String transport, String address, int port) {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(address); // a literal: parsed, never looked up
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + address, e);
        }
        return List.of(new Target(transport, new InetSocketAddress(ip, port), address));
    }

    /** §4.1: the transport parameter, TLS for sips over TCP; the client must support it. */
    static String explicitTransport(SipUri uri, List<String> transports) {
        String t = uri.transport();
        if (uri.secure()) {
            t = switch (t) {
                case "tcp", "tls" -> "tls";
                case "ws", "wss" -> "wss";
                default -> throw new IllegalArgumentException("transport=" + t + " cannot carry a sips URI");
            };
        }
        if (!transports.contains(t)) throw new IllegalArgumentException("transport " + t + " is not among " + transports);
        return t;
    }

    /**
     * §4.1 without a transport parameter: UDP for sip, TLS for sips; when the client lacks that one, its first
     * transport (for sips, its first secure one).
     */
    static String fallbackTransport(SipUri uri, List<String> transports) {
        String preferred = uri.secure() ? "tls" : "udp";
        if (transports.contains(preferred)) return preferred;
        return transports.stream().filter(t -> !uri.secure() || t.equals("tls") || t.equals("wss")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("none of " + transports + " can carry "
                        + (uri.secure() ? "sips" : "sip")));
    }

    /** RFC 3261 §19.1.2 (5060, 5061 for TLS) and RFC 7118 §5 (80 for ws, 443 for wss). */
    static int defaultPort(String transport) {
        return switch (transport) {
            case "tls" -> 5061;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 5060;
        };
    }

    private static int port(SipUri uri, String transport) {
        return uri.port() >= 0 ? uri.port() : defaultPort(transport);
    }

    private static Name name(String host) {
        try {
            return Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad domain name " + host, e);
        }
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Concatenates the lists in the given order, once all are in; fails as soon as one fails. */
    private static CompletionStage<List<Target>> all(List<CompletionStage<List<Target>>> parts) {
        CompletableFuture<?>[] futures = parts.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(futures).thenApply(v -> parts.stream()
                .flatMap(p -> p.toCompletableFuture().join().stream()).toList());
    }

    /** Keeps a non-empty result; an empty one is replaced by the next step (the fallbacks of §4.1 and §4.2). */
    private static Function<List<Target>, CompletionStage<List<Target>>> orElse(
            Supplier<CompletionStage<List<Target>>> next) {
        return targets -> targets.isEmpty() ? next.get() : done(targets);
    }
}
