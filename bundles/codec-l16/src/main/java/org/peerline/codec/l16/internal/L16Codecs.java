package org.peerline.codec.l16.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.codec.Codec;
import org.peerline.codec.l16.L16Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link Codec} service per configured L16 format (RFC 3551 §4.5.11), with the service properties of
 * the Codec swap point; static payload types (RFC 3551 Table 4) also get {@value Codec#PAYLOAD_TYPE}. A
 * configuration change re-registers the set; a malformed entry is logged and skipped.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.peerline.api.codec.Codec",
        uses = Codec.class) // registered by hand, so declared for resolvers
@Component(name = "org.peerline.codec.l16", service = {}, immediate = true)
@Designate(ocd = L16Codecs.Config.class)
public class L16Codecs {
    private static final Logger LOG = LoggerFactory.getLogger(L16Codecs.class);

    @ObjectClassDefinition(id = "org.peerline.codec.l16", name = "Peerline Codec: L16",
            description = "L16 linear PCM formats (RFC 3551 §4.5.11) offered as Codec services")
    public @interface Config {
        @AttributeDefinition(description = "Formats to register, each clockrate/channels, e.g. 44100/2 (commas separate several in one value)")
        String[] formats() default {"8000/1", "16000/1", "44100/2", "44100/1"};
    }

    private final List<ServiceRegistration<Codec>> registrations = new ArrayList<>();
    private BundleContext context;

    @Activate
    synchronized void activate(BundleContext context, Config config) {
        this.context = context;
        register(config);
    }

    @Modified
    synchronized void modified(Config config) {
        unregister();
        register(config);
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }

    private void register(Config config) {
        Set<String> seen = new HashSet<>();
        // a .cfg file gives one string: "8000/1, 16000/1" lists several formats
        for (String format : String.join(",", config.formats()).split(",")) {
            if (format.isBlank()) continue;
            L16Codec codec;
            try {
                codec = L16Codec.parse(format);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}; skipped", e.getMessage()); // the message names the format
                continue;
            }
            if (!seen.add(codec.rtpmap())) {
                LOG.warn("Skipping duplicate L16 format '{}'", format);
                continue;
            }
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Codec.ENCODING, codec.encoding());
            props.put(Codec.CLOCK_RATE, codec.clockRate());
            props.put(Codec.CHANNELS, codec.channels());
            if (codec.payloadType() != Codec.DYNAMIC) {
                props.put(Codec.PAYLOAD_TYPE, codec.payloadType());
            }
            registrations.add(context.registerService(Codec.class, codec, props));
        }
        LOG.debug("Registered L16 formats {}", seen);
    }

    private void unregister() {
        for (ServiceRegistration<Codec> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) { // already gone with the bundle
                LOG.debug("L16 codec already unregistered", e);
            }
        }
        registrations.clear();
    }
}
