package org.peerline.overlay.core.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.transport.Transport;
import org.peerline.overlay.core.node.OverlayAlgorithm;
import org.peerline.overlay.core.runtime.Discovery;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An overlay node, one per factory configuration {@code org.peerline.overlay~NAME}, registered as an {@link Overlay}
 * service ({@code overlay.algorithm}, {@code overlay.address}). Its algorithm is the bound {@link OverlayAlgorithm}
 * (the overlay swap point): {@code algorithm.target} picks it (default bamboo, the seed's), and when
 * {@code peerline:use overlay chord} rebinds the reference the running node swaps in place ({@link OverlayRunner#swap}):
 * same service, port and identity, values carried over. The identity lives in {@code ${peerline.data}/overlay-PORT}.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.peerline.api.overlay.Overlay",
        uses = Overlay.class) // registered by hand, so declared for resolvers
@Component(name = OverlayNodeComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = OverlayNodeComponent.Config.class, factory = true)
public class OverlayNodeComponent {
    static final String PID = "org.peerline.overlay";
    static final String DATA_PROPERTY = "peerline.data";
    private static final Logger LOG = LoggerFactory.getLogger(OverlayNodeComponent.class);

    @ObjectClassDefinition(id = PID, name = "Peerline Overlay node",
            description = "A DHT node over UDP whose algorithm (bamboo, chord, kademlia) is the bound OverlayAlgorithm")
    public @interface Config {
        @AttributeDefinition(description = "host:port this node listens on")
        String address() default "0.0.0.0:5064";

        @AttributeDefinition(description = "host to tell peers when address is a wildcard (empty: loopback)")
        String advertise() default "";

        @AttributeDefinition(description = "host:port of nodes to join through (commas separate several in one "
                + "value); empty: LAN discovery, else a network of one")
        String[] bootstrap() default {};

        @AttributeDefinition(description = "multicast group:port for LAN discovery (empty: off)")
        String discovery() default Discovery.DEFAULT_GROUP;

        @AttributeDefinition(name = "algorithm.target", description = "which algorithm, e.g. (overlay.algorithm=chord)")
        String algorithm_target() default DEFAULT_ALGORITHM;
    }

    static final String DEFAULT_ALGORITHM = "(" + OverlayAlgorithm.ALGORITHM + "=bamboo)";

    @Reference(target = "(" + Transport.PROTOCOL + "=udp)")
    Transport transport;

    private volatile OverlayAlgorithm bound;
    private volatile String boundName;
    private OverlayRunner runner;
    private Discovery discovery;
    private ServiceRegistration<Overlay> registration;
    private BundleContext context;
    private Config config;

    @Reference(name = "algorithm", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = DEFAULT_ALGORITHM)
    void bindAlgorithm(OverlayAlgorithm algorithm, Map<String, Object> props) {
        bound = algorithm;
        boundName = String.valueOf(props.get(OverlayAlgorithm.ALGORITHM));
        OverlayRunner r;
        synchronized (this) {
            r = runner;
        }
        if (r != null) {
            LOG.info("overlay {}: swapping to {}", OverlayRunner.format(r.address()), boundName);
            String name = boundName;
            r.swap(algorithm).thenRun(() -> updateProperties(r, name));
        }
    }

    void unbindAlgorithm(OverlayAlgorithm algorithm) {
        // a replacement was bound first (greedy), or the component is deactivated
    }

    @Activate
    synchronized void activate(BundleContext context, Config config, Map<String, Object> props) throws IOException {
        this.context = context;
        this.config = config;
        InetSocketAddress bind = OverlayRunner.parseAddress(config.address());
        List<InetSocketAddress> bootstrap = OverlayRunner.parseAddresses(config.bootstrap());
        InetAddress advertise = host(config.advertise());
        String folder = "overlay-" + (bind.getPort() != 0 ? bind.getPort()
                : Integer.toHexString(String.valueOf(props.get("service.pid")).hashCode()));
        runner = OverlayRunner.start(bound, transport, bind, advertise, dataFolder(context).resolve(folder), bootstrap);
        if (bootstrap.isEmpty() && !config.discovery().isBlank()) {
            discovery = Discovery.start(OverlayRunner.parseAddress(config.discovery()), runner);
        }
        registration = context.registerService(Overlay.class, runner, properties(runner, boundName));
    }

    /**
     * A new {@code algorithm.target} alone is a rebind (a swap, see {@link #bindAlgorithm}); new bootstrap nodes are
     * joined; another address, advertised host or discovery group restarts the node on it.
     */
    @Modified
    synchronized void modified(Config next, Map<String, Object> props) throws IOException {
        Config before = config;
        config = next;
        if (!before.address().equals(next.address()) || !before.advertise().equals(next.advertise())
                || !before.discovery().equals(next.discovery())) {
            deactivate();
            activate(context, next, props);
        } else if (!Arrays.equals(before.bootstrap(), next.bootstrap())) {
            List<InetSocketAddress> via = OverlayRunner.parseAddresses(next.bootstrap());
            if (!via.isEmpty()) runner.join(via);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
        if (discovery != null) discovery.close();
        discovery = null;
        runner.close();
        runner = null;
    }

    private synchronized void updateProperties(OverlayRunner r, String name) {
        if (r != runner || registration == null) return;
        try {
            registration.setProperties(properties(r, name));
        } catch (IllegalStateException gone) {
            // deactivated meanwhile
        }
    }

    private static Hashtable<String, Object> properties(OverlayRunner r, String algorithm) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Overlay.ALGORITHM, algorithm);
        props.put(Overlay.ADDRESS, OverlayRunner.format(r.address()));
        return props;
    }

    private static InetAddress host(String advertise) {
        if (advertise == null || advertise.isBlank()) return null;
        try {
            return InetAddress.getByName(advertise.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("advertise host '" + advertise + "' is unknown");
        }
    }

    /** {@code peerline.data} (Peerline's launcher) if set, else this bundle's persistent data area. */
    static Path dataFolder(BundleContext context) {
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) return Path.of(data);
        File area = context.getDataFile("");
        if (area == null) throw new IllegalStateException("no " + DATA_PROPERTY + " and no bundle data area");
        return area.toPath();
    }
}
