package org.peerline.overlay.core.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.core.Crypto;
import org.peerline.overlay.core.runtime.OverlayRunner;

/**
 * Gogo commands {@code overlay:*} (DESIGN.md, shell): read and drive the Overlay service (the first bound one when
 * several run). Keys are names hashed with {@link Id#of(String)} (SHA-1, as Bamboo and P2P-SIP); values are UTF-8.
 * Errors are one line; every wait is bounded by {@link #TIMEOUT_SECONDS}.
 */
@Component(service = Object.class, property = {"osgi.command.scope=overlay", "osgi.command.function=info",
        "osgi.command.function=neighbors", "osgi.command.function=put", "osgi.command.function=get",
        "osgi.command.function=remove", "osgi.command.function=stats", "osgi.command.function=join",
        "osgi.command.function=leave"})
public class OverlayCommands {
    static final long TIMEOUT_SECONDS = 30;
    static final long DEFAULT_TTL_SECONDS = 3600;
    private final List<Overlay> overlays = new CopyOnWriteArrayList<>();

    @Reference(name = "overlay", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOverlay(Overlay o) {
        overlays.add(o);
    }

    void removeOverlay(Overlay o) {
        overlays.remove(o);
    }

    @Descriptor("this node: id, algorithm, address, joined, neighbour count, records stored")
    public String info() {
        Overlay o = overlay();
        return String.format(Locale.ROOT, "%-10s %s%n%-10s %s%n%-10s %s%n%-10s %s%n%-10s %d%n%-10s %d",
                "id", o.id(), "algorithm", o.algorithm(), "address", OverlayRunner.format(o.address()), "joined", o.joined(),
                "neighbors", o.neighbors().size(), "records", o.stats().getOrDefault("records", 0L));
    }

    @Descriptor("the routing state: role, id prefix, address, smoothed rtt")
    public String neighbors() {
        List<Neighbor> ns = overlay().neighbors();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s %-24s %s%n", "role", "id",
                "address", "rtt"));
        for (Neighbor n : ns) {
            out.append(String.format(Locale.ROOT, "%-16s %-10s %-24s %s%n", n.role(), prefix(n.id().toString()),
                    OverlayRunner.format(n.address()), n.rtt() == null ? "-" : n.rtt().toMillis() + " ms"));
        }
        return out.append(ns.size()).append(ns.size() == 1 ? " neighbor" : " neighbors").toString();
    }

    @Descriptor("store a UTF-8 value under a name for one hour")
    public String put(@Descriptor("name, hashed to the key") String key, @Descriptor("value") String value) {
        return put(key, value, DEFAULT_TTL_SECONDS);
    }

    @Descriptor("store a UTF-8 value under a name")
    public String put(@Descriptor("name, hashed to the key") String key, @Descriptor("value") String value,
            @Descriptor("lifetime in seconds") long ttl) {
        if (ttl <= 0) throw new IllegalArgumentException("ttl must be > 0 seconds: " + ttl);
        SignedValue v = await("put " + key, overlay().put(Id.of(key), value.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(ttl)));
        return "stored " + key + " (key " + prefix(v.key().toString()) + ", seq " + v.seq() + ") until " + v.expires();
    }

    @Descriptor("the live values under a name, with their owner's id prefix")
    public String get(@Descriptor("name, hashed to the key") String key) {
        List<SignedValue> values = await("get " + key, overlay().get(Id.of(key)));
        StringBuilder out = new StringBuilder();
        for (SignedValue v : values) {
            out.append(String.format(Locale.ROOT, "%-10s %s%n", prefix(ownerId(v.owner())),
                    new String(v.value(), StandardCharsets.UTF_8)));
        }
        return out.append(values.size()).append(values.size() == 1 ? " value" : " values").toString();
    }

    @Descriptor("remove this node's value under a name (a signed tombstone)")
    public String remove(@Descriptor("name, hashed to the key") String key) {
        await("remove " + key, overlay().remove(Id.of(key)));
        return "removed " + key;
    }

    @Descriptor("join the ring through these nodes (host:port, commas separate several)")
    public String join(@Descriptor("host:port[,host:port...]") String bootstrap) {
        List<InetSocketAddress> via = OverlayRunner.parseAddresses(bootstrap);
        if (via.isEmpty()) throw new IllegalArgumentException("no address given: overlay:join HOST:PORT");
        Overlay o = overlay();
        await("join " + bootstrap, o.join(via));
        return "joined through " + bootstrap + ": " + o.neighbors().size() + " neighbors";
    }

    @Descriptor("leave the ring, handing stored values to the neighbours; overlay:join comes back")
    public String leave() {
        await("leave", overlay().leave());
        return "left";
    }

    @Descriptor("the node's counters")
    public String stats() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(overlay().stats()).forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-32s %d%n", k, v)));
        return out.toString().stripTrailing();
    }

    private Overlay overlay() {
        return overlays.stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no overlay running: configure org.peerline.overlay~NAME (etc/org.peerline.overlay~node.cfg)"));
    }

    private static <T> T await(String what, CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " failed: no answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted");
        }
    }

    /** A node id is the SHA-1 of its public key (see Identity), so the owner's id derives from the value. */
    static String ownerId(byte[] publicKey) {
        return Id.of(Crypto.sha1(publicKey)).toString();
    }

    static String prefix(String hex) {
        return hex.substring(0, Math.min(8, hex.length()));
    }

}
