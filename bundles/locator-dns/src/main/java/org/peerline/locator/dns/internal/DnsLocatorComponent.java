package org.peerline.locator.dns.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.locator.Locator;
import org.peerline.api.locator.Target;
import org.peerline.locator.dns.DnsLookup;
import org.peerline.locator.dns.Rfc3263Locator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.NioClient;

/**
 * Registers the RFC 3263 §4 {@link Locator} ({@code locator.kind=dns}), configured through PID
 * {@code org.peerline.locator.dns}; a configuration change takes effect for the next resolution.
 */
@Component(name = "org.peerline.locator.dns", service = Locator.class, property = Locator.KIND + "=dns")
@Designate(ocd = DnsLocatorComponent.Config.class)
public class DnsLocatorComponent implements Locator {
    private static final Logger LOG = LoggerFactory.getLogger(DnsLocatorComponent.class);

    @ObjectClassDefinition(id = "org.peerline.locator.dns", name = "Peerline Locator: DNS (RFC 3263)",
            description = "Locates SIP servers with NAPTR, SRV, A and AAAA records (RFC 3263 §4)")
    public @interface Config {
        @AttributeDefinition(description = "DNS servers, host:port or [v6]:port, asked in turn; empty: the system's", required = false)
        String[] servers() default {};

        @AttributeDefinition(description = "Timeout of one query to one server, in milliseconds", min = "1")
        int timeout_ms() default 2000;

        @AttributeDefinition(description = "How many times each server is asked", min = "1")
        int retries() default 2;

        @AttributeDefinition(description = "RRsets cached, each until its TTL runs out; 0 disables the cache", min = "0")
        int cache_size() default 512;
    }

    private volatile Rfc3263Locator locator;
    private volatile DnsLookup.Settings settings;

    @Activate
    @Modified
    void activate(Config config) {
        DnsLookup.Settings s = new DnsLookup.Settings(DnsLookup.Settings.parseServers(config.servers()),
                Duration.ofMillis(config.timeout_ms()), config.retries(), config.cache_size());
        locator = new Rfc3263Locator(DnsLookup.dnsjava(s));
        settings = s;
        LOG.info("DNS locator: servers {}, timeout {} ms, retries {}, cache {}",
                s.servers().isEmpty() ? "system" : s.servers(), s.timeout().toMillis(), s.retries(), s.cacheSize());
    }

    /**
     * Stops dnsjava's shared I/O thread (it restarts on the next query), so that it does not outlive the bundles
     * and its JVM shutdown hook does not run against a stopped bundle.
     */
    @Deactivate
    void deactivate() {
        // dnsjava starts its I/O thread (and its JVM hook) on the first query; closing it before that only warns
        boolean started = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("dnsjava NIO selector"));
        if (started) NioClient.close();
    }

    @Override
    public CompletionStage<List<Target>> resolve(String uri, List<String> transports) {
        return locator.resolve(uri, transports);
    }

    /** The settings in force. */
    DnsLookup.Settings settings() {
        return settings;
    }
}
