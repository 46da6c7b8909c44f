package org.peerline.sip.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.peerline.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a stack listens (RFC 3261 §18) when its Transports come and go (a DS layer's dynamic references): each
 * configured {@link ListenAddress} opens once both the stack exists ({@link #start}) and a Transport of its protocol
 * is bound ({@link #add}), and closes when that Transport goes; why one could not open is kept for the shell.
 */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private List<ListenAddress> addresses = List.of();
    private SipStack stack;
    private String name = "";

    /** Parses {@code [transport:]host:port} entries; one entry may hold several separated by commas. */
    public static List<ListenAddress> parse(String... entries) {
        List<ListenAddress> out = new ArrayList<>();
        for (String l : String.join(",", entries).split(",")) if (!l.isBlank()) out.add(ListenAddress.parse(l));
        return out;
    }

    /** Listens with {@code stack} on {@code addresses} through the Transports bound so far, and later ones. */
    public synchronized void start(String name, SipStack stack, List<ListenAddress> addresses) {
        this.name = name;
        this.stack = stack;
        this.addresses = List.copyOf(addresses);
        transports.values().forEach(this::open);
    }

    public synchronized void add(Transport t) {
        transports.put(t.protocol(), t);
        if (stack != null) open(t);
    }

    public synchronized void remove(Transport t) {
        if (transports.remove(t.protocol(), t) && stack != null) stack.unlisten(t.protocol());
    }

    /** Configured transports that are not listening, with the reason. */
    public Map<String, String> problems() {
        Map<String, String> out = new TreeMap<>(problems);
        for (ListenAddress a : addresses) {
            if (!transports.containsKey(a.transport())) out.putIfAbsent(a.transport(), "no " + a.transport() + " Transport provider");
        }
        return out;
    }

    private void open(Transport t) {
        for (ListenAddress a : addresses) {
            if (!a.transport().equals(t.protocol())) continue;
            try {
                stack.listen(t, a.address());
                problems.remove(a.transport());
            } catch (IOException e) {
                problems.put(a.transport(), e.getMessage());
                LOG.warn("{} cannot listen on {} {}: {}", name, a.transport(), a.address(), e.getMessage());
            }
        }
    }
}
