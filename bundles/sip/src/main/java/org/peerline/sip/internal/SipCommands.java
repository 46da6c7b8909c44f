package org.peerline.sip.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.peerline.api.locator.Locator;
import org.peerline.api.locator.Target;
import org.peerline.api.transport.Transport;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.stack.SipCore;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.ua.UserAgent;

/**
 * {@code sip:stats}, {@code sip:options <uri>} (send OPTIONS, print the status line and the round-trip time,
 * RFC 3261 §11) and {@code sip:trace on|off}. OPTIONS go from the first configured stack, or from a client stack
 * on free ports when none is configured; host names are resolved with the Locator (RFC 3263) when there is one.
 */
@Component(service = SipCommands.class, property = {"osgi.command.scope=sip", "osgi.command.function=stats",
        "osgi.command.function=options", "osgi.command.function=trace"})
public class SipCommands {
    private final List<SipStackComponent> stacks = new CopyOnWriteArrayList<>();
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private volatile Locator locator;
    private SipStack client;
    private UserAgent clientUa;

    @Reference(name = "stack", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStack(SipStackComponent s) {
        stacks.add(s);
    }

    void removeStack(SipStackComponent s) {
        stacks.remove(s);
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTransport(Transport t) {
        transports.add(t);
    }

    void removeTransport(Transport t) {
        transports.remove(t);
    }

    @Reference(name = "locator", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLocator(Locator l) {
        locator = l;
    }

    void unsetLocator(Locator l) {
        if (locator == l) locator = null;
    }

    @Deactivate
    synchronized void deactivate() {
        if (client != null) client.close();
    }

    @Descriptor("messages, transactions and problems of every SIP stack")
    public String stats() {
        StringBuilder b = new StringBuilder();
        if (stacks.isEmpty()) b.append("no SIP stack configured (factory PID org.peerline.sip)\n");
        for (SipStackComponent s : stacks) {
            SipCore core = s.stack().core();
            SipCore.Stats st = core.stats();
            b.append(s.name()).append('\n');
            for (String t : s.stack().protocols()) {
                InetSocketAddress l = core.local(t);
                b.append(String.format(Locale.ROOT, "  %-4s %-22s in %d  out %d%n", t, hostPort(l), sum(st.in, t),
                        sum(st.out, t)));
            }
            s.problems().forEach((t, why) -> b.append("  ").append(t).append(" not listening: ").append(why).append('\n'));
            try {
                long[] dialogs = s.stack().call(() -> java.util.concurrent.CompletableFuture.completedFuture(new long[] {
                        s.ua().dialogs().values().stream().filter(d -> d.state() == org.peerline.sip.ua.Dialog.State.EARLY).count(),
                        s.ua().dialogs().size()})).get(5, TimeUnit.SECONDS);
                b.append(String.format(Locale.ROOT, "  dialogs: %d (%d early)%n", dialogs[1], dialogs[0]));
            } catch (Exception e) {
                b.append("  dialogs: unknown (").append(e).append(")\n");
            }
            b.append(String.format(Locale.ROOT, "  transactions: %d client, %d server, %d created, %d retransmissions "
                            + "absorbed%n  bad requests %d, dropped responses %d, keep-alives %d%n",
                    core.transactions().clientCount(), core.transactions().serverCount(), core.transactions().created(),
                    core.transactions().retransmissionsAbsorbed(), st.badRequests.sum(), st.droppedResponses.sum(),
                    st.keepAlives.sum()));
        }
        return b.toString();
    }

    static String hostPort(InetSocketAddress a) {
        if (a == null) return "-";
        String h = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    private static long sum(Map<String, LongAdder> m, String t) {
        LongAdder a = m.get(t);
        return a == null ? 0 : a.sum();
    }

    @Descriptor("send OPTIONS and print the status line and the round-trip time")
    public String options(@Descriptor("sip: or sips: URI, e.g. sip:127.0.0.1:5060") String uri) throws Exception {
        Uri target;
        try {
            target = Uri.parse(uri.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a SIP URI");
        }
        if (!(target instanceof SipUri sip)) throw new IllegalArgumentException("'" + uri + "' is not a sip: URI");
        SipStack stack = sender();
        UserAgent ua = stacks.isEmpty() ? clientUa : stacks.get(0).ua();
        Hop hop = resolve(sip);
        long start = System.nanoTime();
        Response r = stack.call(() -> ua.send(ua.newRequest(Request.OPTIONS, sip, null), List.of(hop)))
                .get(40, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        String server = r.header("Server") != null ? r.header("Server") : r.header("User-Agent");
        return String.format(Locale.ROOT, "SIP/2.0 %d %s  %.1f ms  from %s %s%s%n", r.status(), r.reason(), ms,
                hop.transport(), hostPort(hop.address()), server == null ? "" : "  (" + server + ")");
    }

    private Hop resolve(SipUri uri) throws Exception {
        String h = uri.hostAddress();
        boolean numeric = h.matches("[0-9.]+") || h.contains(":");
        Locator l = locator;
        if (numeric || l == null) return UserAgent.directHop(uri);
        List<Target> targets = l.resolve(uri.toString(), List.of("udp", "tcp", "tls")).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        if (targets.isEmpty()) throw new IllegalArgumentException("no DNS records for " + uri.host());
        Target t = targets.get(0);
        return new Hop(t.transport(), t.address(), null);
    }

    /** The first configured stack, or a client stack on free ports of every available transport. */
    private synchronized SipStack sender() throws Exception {
        if (!stacks.isEmpty()) return stacks.get(0).stack();
        if (client == null) {
            client = new SipStack(Timers.DEFAULT, null);
            for (Transport t : transports) {
                if (t.protocol().equals("udp") || t.protocol().equals("tcp")) {
                    client.listen(t, new InetSocketAddress("0.0.0.0", 0));
                }
            }
            if (client.protocols().isEmpty()) throw new IllegalStateException("no UDP or TCP Transport provider");
            clientUa = new UserAgent(client.core(), "peerline", new UserAgent.Application() { });
        }
        return client;
    }

    @Descriptor("log whole SIP messages (on) or not (off)")
    public String trace(@Descriptor("on or off") String onOff) {
        boolean on = switch (onOff.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("say on or off, not '" + onOff + "'");
        };
        stacks.forEach(s -> s.stack().core().trace(on));
        if (client != null) client.core().trace(on);
        return "SIP trace " + (on ? "on (INFO in the log)" : "off") + "\n";
    }

}
