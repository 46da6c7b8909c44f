package org.peerline.overlay.chord.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.transport.Transport;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.chord.ChordNode;

/**
 * A Chord (Stoica et al. 2001) node, one per factory configuration
 * {@code org.peerline.overlay.chord~NAME}: it runs over the UDP Transport provider, keeps its identity in
 * {@code ${peerline.data}/overlay-chord-<port>} (else the bundle's data area) and is registered as an
 * {@link Overlay} service ({@code overlay.algorithm=chord}) once the node exists, while it joins.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.peerline.api.overlay.Overlay",
        uses = Overlay.class) // registered by hand, so declared for resolvers
@Component(name = ChordComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ChordComponent.Config.class, factory = true)
public class ChordComponent {
    static final String PID = "org.peerline.overlay.chord";
    static final String DATA_PROPERTY = "peerline.data";

    @ObjectClassDefinition(id = PID, name = "Peerline Overlay: Chord",
            description = "A Chord DHT node over UDP, registered as an Overlay service")
    public @interface Config {
        @AttributeDefinition(description = "host:port this node listens on")
        String address() default "0.0.0.0:5064";

        @AttributeDefinition(description = "host:port of nodes to join through (commas separate several in one "
                + "value); empty: a network of one")
        String[] bootstrap() default {};
    }

    @Reference(target = "(" + Transport.PROTOCOL + "=udp)")
    Transport transport;

    private OverlayRunner runner;
    private ServiceRegistration<Overlay> registration;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        InetSocketAddress bind = OverlayRunner.parseAddress(config.address());
        Path folder = dataFolder(context).resolve("overlay-" + ChordNode.ALGORITHM + "-" + bind.getPort());
        runner = OverlayRunner.start((signer, clock, network) -> new ChordNode(signer, clock, network,
                OverlayNode.Config.DEFAULTS, ChordNode.Parameters.DEFAULTS), transport, bind, folder,
                OverlayRunner.parseAddresses(config.bootstrap()));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Overlay.ALGORITHM, ChordNode.ALGORITHM);
        props.put(Overlay.ADDRESS, OverlayRunner.format(runner.node().address()));
        registration = context.registerService(Overlay.class, runner.node(), props);
    }

    @Deactivate
    void deactivate() {
        try {
            if (registration != null) registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
        runner.close();
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
