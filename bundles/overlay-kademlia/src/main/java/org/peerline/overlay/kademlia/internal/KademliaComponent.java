package org.peerline.overlay.kademlia.internal;

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
import org.peerline.overlay.kademlia.KademliaNode;

/**
 * A Kademlia (Maymounkov and Mazieres 2002) node, one per factory configuration {@code org.peerline.overlay.kademlia~NAME}, published as an
 * {@link Overlay} service ({@code overlay.algorithm=kademlia}) by {@link OverlayService}.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.peerline.api.overlay.Overlay",
        uses = Overlay.class) // registered by hand, so declared for resolvers
@Component(name = KademliaComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = KademliaComponent.Config.class, factory = true)
public class KademliaComponent {
    static final String PID = "org.peerline.overlay.kademlia";

    @ObjectClassDefinition(id = PID, name = "Peerline Overlay: Kademlia",
            description = "A Kademlia DHT node over UDP, registered as an Overlay service")
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
        service = OverlayService.start(context, KademliaNode.ALGORITHM, (signer, clock, network) -> new KademliaNode(signer, clock, network,
                OverlayNode.Config.DEFAULTS, KademliaNode.Parameters.DEFAULTS), transport, config.address(),
                config.advertise(), config.bootstrap());
    }

    @Deactivate
    void deactivate() {
        service.close();
    }
}
