package org.peerline.p2psip.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.peerline.api.overlay.Overlay;
import org.peerline.p2psip.BindingRecord;
import org.peerline.p2psip.Calls;
import org.peerline.p2psip.OverlayLocation;
import org.peerline.p2psip.P2pNode;
import org.peerline.p2psip.Registrar;

/**
 * {@code p2psip:registrations} (local bindings and where they are stored), {@code p2psip:lookup <aor>} (what the
 * overlay returns for an AOR, from which node, whether its proof verified, how long it took) and {@code p2psip:calls}
 * (calls proxied, state, duration), for every configured P2P-SIP node.
 */
@Component(service = P2pSipCommands.class, property = {"osgi.command.scope=p2psip",
        "osgi.command.function=registrations", "osgi.command.function=lookup", "osgi.command.function=calls"})
public class P2pSipCommands {
    private final List<P2pSipComponent> nodes = new CopyOnWriteArrayList<>();

    @Reference(name = "node", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(P2pSipComponent n) {
        nodes.add(n);
    }

    void removeNode(P2pSipComponent n) {
        nodes.remove(n);
    }

    @Descriptor("local registrations: users, contacts, expiry, and the overlay key they are stored under")
    public String registrations() {
        if (nodes.isEmpty()) return "no P2P-SIP node is configured (org.peerline.p2psip~NAME)";
        StringBuilder b = new StringBuilder();
        for (P2pSipComponent c : nodes) {
            P2pNode n = c.node();
            Overlay o = n.location().overlay();
            b.append(c.name()).append("  ").append(n.nodeUri()).append("  overlay ")
                    .append(o == null ? "none" : o.algorithm() + " " + o.address()).append('\n');
            Map<String, OverlayLocation.Published> pub = n.location().published();
            List<Registrar.View> views = n.registrar().snapshot();
            if (views.isEmpty()) b.append("  no registrations\n");
            else b.append(String.format("  %-28s %-40s %5s %8s  %s%n", "AOR", "CONTACT", "Q", "EXPIRES", "STORED"));
            for (Registrar.View v : views) {
                OverlayLocation.Published p = pub.get(v.aor());
                String stored = p == null ? "-" : "key " + p.key() + " " + p.state()
                        + (p.seq() >= 0 ? " seq " + p.seq() + " (" + p.algorithm() + ")" : "");
                b.append(String.format("  %-28s %-40s %5.2f %7ds  %s%n", v.aor(), v.contact(), v.q(), v.expiresIn(), stored));
            }
        }
        return b.toString();
    }

    @Descriptor("look an AOR up in the overlay: the record found, its node, whether its proof verified, the time")
    public String lookup(@Descriptor("sip:user@domain, user@domain or user") String aor) throws Exception {
        if (nodes.isEmpty()) return "no P2P-SIP node is configured (org.peerline.p2psip~NAME)";
        StringBuilder b = new StringBuilder();
        for (P2pSipComponent c : nodes) {
            P2pNode n = c.node();
            String canonical;
            try {
                canonical = n.aorOf(aor);
            } catch (RuntimeException e) {
                b.append(c.name()).append(": ").append(e.getMessage()).append('\n');
                continue;
            }
            OverlayLocation.Lookup l = n.location().lookup(canonical).toCompletableFuture()
                    .get(P2pSipComponent.LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            b.append(c.name()).append(": ").append(canonical).append(" (key ").append(BindingRecord.key(canonical))
                    .append(") in ").append(String.format("%.1f ms", l.micros() / 1000.0)).append('\n');
            if (l.error() != null) b.append("  error: ").append(l.error()).append('\n');
            if (l.all().isEmpty()) b.append("  no valid binding\n");
            for (OverlayLocation.Found f : l.all()) {
                BindingRecord r = f.record();
                String owner = HexFormat.of().formatHex(f.owner());
                b.append("  node ").append(r.node()).append(" until ").append(Instant.ofEpochSecond(r.expires()))
                        .append("\n  owner key ...").append(owner.substring(Math.max(0, owner.length() - 16)))
                        .append("  proof ").append(f.proof() == OverlayLocation.Proof.VERIFIED
                                ? "verified" : "not checked (user unknown here)").append('\n');
            }
            if (l.rejected() > 0) b.append("  rejected ").append(l.rejected()).append(" invalid value(s)\n");
        }
        return b.toString();
    }

    @Descriptor("calls proxied by each node: state, duration")
    public String calls() {
        if (nodes.isEmpty()) return "no P2P-SIP node is configured (org.peerline.p2psip~NAME)";
        StringBuilder b = new StringBuilder();
        long now = System.currentTimeMillis();
        for (P2pSipComponent c : nodes) {
            List<Calls.Call> list = c.node().calls().list();
            b.append(c.name()).append(": ").append(list.size()).append(" call(s), ")
                    .append(c.node().proxy().calls().size()).append(" transaction(s) pending\n");
            for (Calls.Call call : list) {
                b.append(String.format("  %-12s %3s %7.1fs  %s -> %s  %s%n", call.state(),
                        call.status() == 0 ? "" : Integer.toString(call.status()), call.duration(now) / 1000.0,
                        call.from(), call.to(), call.callId()));
            }
        }
        return b.toString();
    }
}
