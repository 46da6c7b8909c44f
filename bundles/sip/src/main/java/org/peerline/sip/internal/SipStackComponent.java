package org.peerline.sip.internal;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.peerline.api.locator.Locator;
import org.peerline.api.transport.Transport;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.stack.ListenAddress;
import org.peerline.sip.stack.Listeners;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.ua.UserAgent;

/**
 * A SIP stack instance, one per factory configuration {@code org.peerline.sip~NAME}: it listens on the configured
 * addresses with whichever Transport providers serve those protocols, following them as they come and go (the
 * Transport swap point). Without another transaction user it is a user agent that answers OPTIONS and MESSAGE
 * and declines calls (RFC 3261 §8.2, §11).
 */
@Component(name = "org.peerline.sip", configurationPolicy = ConfigurationPolicy.REQUIRE, service = SipStackComponent.class,
        immediate = true) // a configured stack listens at once, not at the first shell command
@Designate(ocd = SipStackComponent.Config.class, factory = true)
public class SipStackComponent {
    @ObjectClassDefinition(name = "Peerline SIP stack", description = "A SIP stack listening on some addresses")
    public @interface Config {
        @AttributeDefinition(description = "where to listen: [udp|tcp|tls:]host:port, several allowed")
        String[] listen() default {"udp:0.0.0.0:5060", "tcp:0.0.0.0:5060"};

        @AttributeDefinition(description = "host to put in Via and Contact when listening on a wildcard address")
        String advertise() default "";

        @AttributeDefinition(description = "T1 in ms (RFC 3261 §17.1.1.1)")
        long t1() default 500;

        @AttributeDefinition(description = "T2 in ms")
        long t2() default 4000;

        @AttributeDefinition(description = "T4 in ms")
        long t4() default 5000;

        @AttributeDefinition(description = "log every message")
        boolean trace() default false;

        @AttributeDefinition(description = "largest request processed, in bytes; bigger ones get 513")
        int max_message() default 32768;
    }

    private final Listeners listeners = new Listeners();
    private SipStack stack;
    private UserAgent ua;
    private String name;

    @Activate
    void activate(Config config, Map<String, Object> props) {
        List<ListenAddress> addrs = Listeners.parse(config.listen());
        name = String.valueOf(props.getOrDefault("service.pid", "org.peerline.sip"));
        stack = new SipStack(new Timers(config.t1(), config.t2(), config.t4()),
                config.advertise().isBlank() ? null : config.advertise());
        stack.core().trace(config.trace());
        stack.core().maxMessage(config.max_message());
        ua = new UserAgent(stack.core(), "peerline", new UserAgent.Application() { }).resolver(this::resolve);
        listeners.start("SIP stack " + name, stack, addrs);
    }

    @Deactivate
    void deactivate() {
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

    @Reference(name = "locator", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLocator(Locator l) {
        locator = l;
    }

    void unsetLocator(Locator l) {
        if (locator == l) locator = null;
    }

    private volatile Locator locator;

    /**
     * RFC 3263 through the Locator swap point (numeric hosts need no lookup); the targets become hops on the
     * transports this stack listens on, in the Locator's order, which is the failover order (§4.3).
     */
    CompletionStage<List<Hop>> resolve(Uri uri) {
        Locator l = locator;
        if (!(uri instanceof SipUri u) || l == null || u.hostAddress().matches("[0-9.]+|.*:.*")) {
            return CompletableFuture.completedFuture(List.of(UserAgent.directHop(uri)));
        }
        return l.resolve(uri.toString(), List.copyOf(stack.protocols())).thenApply(targets -> targets.stream()
                .map(t -> new Hop(t.transport(), t.address(), null)).toList());
    }

    public SipStack stack() {
        return stack;
    }

    /** The stack's user agent core (its transaction user). */
    public UserAgent ua() {
        return ua;
    }

    public String name() {
        return name;
    }

    /** Configured transports that are not listening, with the reason. */
    public Map<String, String> problems() {
        return listeners.problems();
    }
}
