package org.peerline.core.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node the launcher's command line asks for ({@code peerline --join A:P --overlay chord --sip udp:H:P ...}): the
 * launcher passes its options as framework properties {@code peerline.node.*}, and this component turns them into
 * two factory configurations, {@code org.peerline.overlay~node} (the DHT node) and {@code org.peerline.p2psip~node}
 * (the P2P-SIP registrar and proxy), so a node is ordinary configuration that {@code etc/*.cfg}, the shell and
 * {@code peerline:use} can change later. Without {@code peerline.node} (Pax Exam, Karaf) it does nothing.
 *
 * <p>Defaults: overlay on {@value #DEFAULT_P2P} running bamboo (the seed's algorithm), SIP on {@value #DEFAULT_SIP}
 * (the seed's port 5062). With neither {@code --bootstrap} nor {@code --join} the node looks for peers by multicast
 * on the LAN and is the first node if none answers. A wildcard overlay address is advertised as this host's first
 * non-loopback IPv4 address (so peers on the LAN can reach it), else loopback. A live {@code peerline:use overlay}
 * pin survives a restart unless {@code --overlay} is given again.
 */
@Component(immediate = true, service = {})
public class NodeProfile {
    static final String PREFIX = "peerline.node.";
    static final String DEFAULT_P2P = "0.0.0.0:5064";
    static final String DEFAULT_SIP = "udp:0.0.0.0:5062,tcp:0.0.0.0:5062";
    static final String DISCOVERY = "224.0.1.2:5063";
    static final String OVERLAY_PID = "org.peerline.overlay";
    static final String P2PSIP_PID = "org.peerline.p2psip";
    private static final Logger LOG = LoggerFactory.getLogger(NodeProfile.class);

    @Activate
    public NodeProfile(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        if (context.getProperty("peerline.node") == null) return;
        String p2p = prop(context, "p2p", DEFAULT_P2P);
        boolean first = Boolean.parseBoolean(prop(context, "bootstrap", "false"));
        String join = prop(context, "join", "");
        String overlay = prop(context, "overlay", "");

        Configuration node = configAdmin.getFactoryConfiguration(OVERLAY_PID, "node", "?");
        Dictionary<String, Object> current = node.getProperties();
        Hashtable<String, Object> o = copy(current);
        o.put("address", p2p);
        o.put("bootstrap", join);
        o.put("discovery", first || !join.isBlank() ? "" : DISCOVERY);
        if (p2p.startsWith("0.0.0.0:") || p2p.startsWith("[::]:")) o.put("advertise", lanAddress());
        else o.remove("advertise");
        if (!overlay.isBlank()) {
            o.put("algorithm.target", "(overlay.algorithm=" + overlay + ")");
            o.remove("peerline.use.algorithm"); // the command line wins over an earlier live pin
        } else if (!o.containsKey("algorithm.target")) {
            o.put("algorithm.target", "(overlay.algorithm=bamboo)");
        }
        update(node, current, o);

        Configuration sip = configAdmin.getFactoryConfiguration(P2PSIP_PID, "node", "?");
        current = sip.getProperties();
        Hashtable<String, Object> s = copy(current);
        s.put("sip", prop(context, "sip", DEFAULT_SIP));
        if (s.get("sip").toString().contains("0.0.0.0:")) s.put("advertise", lanAddress());
        else s.remove("advertise");
        s.put("domain", prop(context, "domain", ""));
        s.put("users", prop(context, "users", ""));
        update(sip, current, s);
        LOG.info("P2P-SIP node: overlay {} on {} ({}), SIP on {}", o.get("algorithm.target"), p2p,
                first ? "first node" : join.isBlank() ? "LAN discovery" : "joining " + join, s.get("sip"));
    }

    private static String prop(BundleContext context, String name, String fallback) {
        String v = context.getProperty(PREFIX + name);
        return v == null ? fallback : v.strip();
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> out = new Hashtable<>();
        if (d != null) for (String k : Collections.list(d.keys())) out.put(k, d.get(k));
        return out;
    }

    /** Updates only on a change, so a restart with the same options does not restart the components. */
    private static void update(Configuration c, Dictionary<String, Object> current, Hashtable<String, Object> next)
            throws IOException {
        if (current == null || !Objects.equals(settings(copy(current)), settings(next))) c.update(next);
    }

    /** A configuration's own properties, without what ConfigAdmin adds. */
    private static Map<String, Object> settings(Hashtable<String, Object> d) {
        Map<String, Object> out = new java.util.HashMap<>(d);
        out.keySet().removeAll(java.util.Set.of("service.pid", "service.factoryPid", "service.bundleLocation"));
        return out;
    }

    /** The first up, non-loopback IPv4 address, else loopback. */
    static String lanAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            LOG.debug("no interfaces: advertising loopback ({})", e.getMessage());
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
