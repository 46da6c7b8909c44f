package org.peerline.overlay.chord.internal;

import java.io.IOException;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
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
import org.peerline.overlay.core.component.OverlayService;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.chord.ChordNode;

/**
 * A Chord (Stoica et al. 2001) node, one per factory configuration {@code org.peerline.overlay.chord~NAME}, published as an
 * {@link Overlay} service ({@code overlay.algorithm=chord}) by {@link OverlayService}.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.peerline.api.overlay.Overlay",
        uses = Overlay.class) // registered by hand, so declared for resolvers
@Component(name = ChordComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ChordComponent.Config.class, factory = true)
public class ChordComponent {
    static final String PID = "org.peerline.overlay.chord";

    @ObjectClassDefinition(id = PID, name = "Peerline Overlay: Chord",
            description = "A Chord DHT node over UDP, registered as an Overlay service")
    public @interface Config {
        @AttributeDefinition(description = "host:port this node listens on")
        String address() default "0.0.0.0:5064";

        @AttributeDefinition(description = "host to tell peers when address is a wildcard (empty: loopback)")
        String advertise() default "";

        @AttributeDefinition(description = "host:port of nodes to join through (commas separate several in one "
                + "value); empty: a network of one")
        String[] bootstrap() default {};
    }

    @Reference(target = "(" + Transport.PROTOCOL + "=udp)")
    Transport transport;

    private OverlayService service;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        service = OverlayService.start(context, ChordNode.ALGORITHM, (signer, clock, network) -> new ChordNode(signer, clock, network,
                OverlayNode.Config.DEFAULTS, ChordNode.Parameters.DEFAULTS), transport, config.address(),
                config.advertise(), config.bootstrap());
    }

    @Deactivate
    void deactivate() {
        service.close();
    }
}
