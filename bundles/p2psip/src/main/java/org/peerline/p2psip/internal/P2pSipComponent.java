package org.peerline.p2psip.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.transport.Transport;
import org.peerline.p2psip.P2pNode;
import org.peerline.p2psip.Registrar;
import org.peerline.p2psip.Users;
import org.peerline.sip.auth.Digest;
import org.peerline.sip.stack.ListenAddress;
import org.peerline.sip.stack.Listeners;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A P2P-SIP node, one per factory configuration {@code org.peerline.p2psip~NAME} (issue 5 item 1): its own SIP stack
 * on the configured addresses, on whichever Transport providers serve them (UDP, TCP, and TLS when configured and
 * present), and the {@link Overlay} it stores bindings in. The overlay reference is dynamic and greedy: when it is
 * replaced (a live swap, or a better ranked node) every current binding is published into the new one. Choose among
 * several overlays with the {@code overlay.target} filter.
 */
@Component(name = "org.peerline.p2psip", configurationPolicy = ConfigurationPolicy.REQUIRE, service = P2pSipComponent.class,
        immediate = true) // it serves phones: never wait for a first shell command
@Designate(ocd = P2pSipComponent.Config.class, factory = true)
public class P2pSipComponent {
    @ObjectClassDefinition(name = "Peerline P2P-SIP node", description = "A SIP registrar and proxy whose location store is the overlay")
    public @interface Config {
        @AttributeDefinition(description = "where SIP listens: [udp|tcp|tls:]host:port, several allowed")
        String[] sip() default {"udp:0.0.0.0:5062", "tcp:0.0.0.0:5062"};

        @AttributeDefinition(description = "host to put in Via, Record-Route and the published node URI when listening on a wildcard address")
        String advertise() default "";

        @AttributeDefinition(description = "the AOR domain served (empty: any)")
        String domain() default "";

        @AttributeDefinition(description = "users file: Java properties 'user = password' (empty: no users)")
        String users() default "";

        @AttributeDefinition(description = "shortest registration accepted, s (shorter: 423 Interval Too Brief)")
        long min_expires() default 60;

        @AttributeDefinition(description = "longest registration granted, s")
        long max_expires() default 7200;

        // MD5 alone by default: baresip 1.0 (libre) fails a REGISTER ("Function not implemented") as soon as any
        // challenge names SHA-256 (RFC 8760), and sipp knows only MD5 (P2pSipIT)
        @AttributeDefinition(description = "digest algorithms offered, most preferred first (MD5, SHA-256)")
        String[] digest() default {"MD5"};
    }

    private static final Logger LOG = LoggerFactory.getLogger(P2pSipComponent.class);
    private final Listeners listeners = new Listeners();
    private volatile Overlay overlay;
    private SipStack stack;
    private P2pNode node;
    private String name;

    @Activate
    void activate(Config config, Map<String, Object> props) throws IOException {
        name = String.valueOf(props.getOrDefault("service.pid", "org.peerline.p2psip"));
        List<ListenAddress> addrs = Listeners.parse(config.sip());
        Users users = config.users().isBlank() ? Users.none() : Users.load(Path.of(config.users().trim()));
        List<Digest.Algorithm> algorithms = new ArrayList<>();
        for (String a : config.digest()) {
            Digest.Algorithm alg = Digest.Algorithm.of(a.trim());
            if (alg == null) throw new IllegalArgumentException("unknown digest algorithm '" + a + "'");
            algorithms.add(alg);
        }
        long max = config.max_expires();
        Registrar.Limits limits = new Registrar.Limits(config.min_expires(), max, Math.min(3600, max), 16);
        P2pNode.Options options = P2pNode.Options.of(config.domain(), users).withLimits(limits).withAlgorithms(algorithms);
        synchronized (this) {
            stack = new SipStack(Timers.DEFAULT, config.advertise().isBlank() ? null : config.advertise().trim());
            node = new P2pNode(stack.core(), options);
            listeners.start("P2P-SIP node " + name, stack, addrs);
        }
        node.overlay(overlay);
        LOG.info("P2P-SIP node {} for {} with {} users, node URI {}", name,
                options.domain() == null ? "any domain" : options.domain(), users.names().size(), node.nodeUri());
    }

    @Deactivate
    synchronized void deactivate() {
        stack.close();
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransport(Transport t) {
        listeners.add(t);
    }

    void removeTransport(Transport t) {
        listeners.remove(t);
    }

    @Reference(name = "overlay", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOverlay(Overlay o) {
        overlay = o;
        P2pNode n = node;
        if (n != null) n.overlay(o);
    }

    void unsetOverlay(Overlay o) {
        if (overlay != o) return; // already replaced (greedy rebinding binds the new one first)
        overlay = null;
        P2pNode n = node;
        if (n != null) n.overlay(null);
    }

    public String name() {
        return name;
    }

    public P2pNode node() {
        return node;
    }

    public SipStack stack() {
        return stack;
    }

    /** Configured transports that are not listening, with the reason. */
    public Map<String, String> problems() {
        return listeners.problems();
    }

    /** Timeout of the lookups the commands make. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);
}
