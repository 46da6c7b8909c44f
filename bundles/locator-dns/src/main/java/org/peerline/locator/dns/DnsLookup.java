package org.peerline.locator.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.peerline.api.locator.LocatorException;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * One asynchronous DNS question (RFC 1035 §4.1.2) as RFC 3263 §4 asks it: the answer's records of the asked type
 * (CNAMEs followed); an empty list when the name does not exist or has no such records (RFC 2308 NXDOMAIN and
 * NODATA); otherwise (no answer, timeout, SERVFAIL) the stage fails with a {@link LocatorException} naming the
 * question and the cause.
 */
@FunctionalInterface
public interface DnsLookup {
    CompletionStage<List<Record>> lookup(Name name, int type);

    /**
     * Where and how to ask.
     *
     * @param servers DNS servers to ask in turn; empty means the system's (resolv.conf)
     * @param timeout how long to wait for one answer from one server
     * @param retries how many times each server is asked
     * @param cacheSize how many RRsets to keep, each until its TTL runs out; 0 disables the cache
     */
    record Settings(List<InetSocketAddress> servers, Duration timeout, int retries, int cacheSize) {
        public static final Settings DEFAULTS = new Settings(List.of(), Duration.ofSeconds(2), 2, 512);

        public Settings {
            servers = List.copyOf(servers);
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
            if (retries < 1) throw new IllegalArgumentException("retries must be >= 1");
            if (cacheSize < 0) throw new IllegalArgumentException("cache size must be >= 0");
        }

        /** Parses {@code host[:port]} or {@code [v6]:port}, port 53 by default (RFC 1035 §4.2); blanks are skipped. */
        public static List<InetSocketAddress> parseServers(String... servers) {
            List<InetSocketAddress> out = new ArrayList<>();
            for (String s : servers) {
                for (String one : s.split("[,\\s]+")) {
                    if (one.isBlank()) continue;
                    String host = one;
                    int port = 53;
                    int colon = one.lastIndexOf(':');
                    if (one.startsWith("[")) {
                        int end = one.indexOf(']');
                        if (end < 0) throw new IllegalArgumentException("bad DNS server '" + one + "'");
                        host = one.substring(1, end);
                        if (colon > end) port = Integer.parseInt(one.substring(colon + 1));
                    } else if (colon >= 0 && one.indexOf(':') == colon) {
                        host = one.substring(0, colon);
                        port = Integer.parseInt(one.substring(colon + 1));
                    }
                    if (port < 1 || port > 65535) throw new IllegalArgumentException("bad DNS server port in '" + one + "'");
                    out.add(new InetSocketAddress(host, port));
                }
            }
            return out;
        }
    }

    /** Asks real servers through dnsjava's asynchronous resolver, with a TTL-respecting bounded cache. */
    static DnsLookup dnsjava(Settings settings) {
        List<InetSocketAddress> servers = settings.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : settings.servers();
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(settings.timeout());
            resolvers.add(r);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setRetries(settings.retries());
        // dnsjava checks per-query timeouts about once a second: allow that, and guard the whole question too
        long budget = settings.timeout().toMillis() * settings.retries() * Math.max(1, servers.size()) + 1500;
        resolver.setTimeout(Duration.ofMillis(budget));
        LookupSession.LookupSessionBuilder builder = LookupSession.builder().resolver(resolver);
        if (settings.cacheSize() > 0) {
            Cache cache = new Cache(DClass.IN);
            cache.setMaxEntries(settings.cacheSize());
            builder.cache(cache);
        }
        if (settings.servers().isEmpty()) builder.defaultHostsFileParser(); // system DNS comes with /etc/hosts
        LookupSession session = builder.build();
        return (name, type) -> {
            CompletableFuture<List<Record>> out = new CompletableFuture<>();
            session.lookupAsync(name, type).toCompletableFuture()
                    .orTimeout(budget + 1000, TimeUnit.MILLISECONDS)
                    .whenComplete((LookupResult result, Throwable error) -> {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause == null) {
                            out.complete(result.getRecords().stream().filter(r -> r.getType() == type).toList());
                        } else if (cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException) {
                            out.complete(List.of());
                        } else {
                            out.completeExceptionally(new LocatorException(name + "/" + Type.string(type)
                                    + " lookup failed: " + (cause.getMessage() != null ? cause.getMessage()
                                    : cause.getClass().getSimpleName()), cause));
                        }
                    });
            return out;
        };
    }
}
