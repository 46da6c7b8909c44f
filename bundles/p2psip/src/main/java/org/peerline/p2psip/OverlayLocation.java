package org.peerline.p2psip;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.overlay.SignedValue;
import org.peerline.sip.transaction.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay as the location service of RFC 3261 §10 (the SIPpeer design of the seed, with the defects fixed):
 * {@link #publish} stores this node's {@link BindingRecord} for an AOR under {@link BindingRecord#key}, signed by the
 * node (the overlay does that) with the password proof; {@link #lookup} acts on the first value that verifies
 * ({@link Overlay#getFirst}), adding the other nodes' records that every value ({@link Overlay#get}) brings within a
 * short grace; if the first record is malformed, expired, for another AOR or carries a bad proof, it waits for every
 * value. Rejected records are counted.
 * The overlay may change at any time ({@link #overlay(Overlay)}, a live swap): every current binding is then
 * published again into the new one. Thread-safe; overlay stages complete on the overlay's loop.
 */
public final class OverlayLocation {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayLocation.class);
    /** How long a lookup waits, after the first valid record, for the other nodes' records (forking). */
    public static final long FORK_GRACE_MILLIS = 100;
    /** Wait before storing again after a failed put. */
    public static final long RETRY_MILLIS = 5_000;

    /** Whether a found record's proof was checked with the user's password. */
    public enum Proof { VERIFIED, UNCHECKED }

    /** A usable record, its owner (the writer's public key) and how far it was checked. */
    public record Found(BindingRecord record, byte[] owner, Proof proof) {
    }

    /** What a lookup returned: the records, one per node, how many values were rejected, the time it took. */
    public record Lookup(String aor, List<Found> all, int rejected, long micros, String error) {
        /** The record acted on first, or null if none. */
        public Found found() {
            return all.isEmpty() ? null : all.get(0);
        }
    }

    /** What this node published for an AOR, for {@code p2psip:registrations}. */
    public record Published(String aor, Id key, long expires, String state, long seq, String algorithm) {
    }

    /** Counters (thread-safe). */
    public static final class Stats {
        public final LongAdder puts = new LongAdder();
        public final LongAdder putFailures = new LongAdder();
        public final LongAdder removes = new LongAdder();
        public final LongAdder lookups = new LongAdder();
        /** Values ignored by readers: malformed, expired, for another AOR, or with a proof that does not verify. */
        public final LongAdder rejected = new LongAdder();
    }

    private static final class Entry {
        final String aor;
        final String user;
        final long expires;
        volatile String state = "pending";
        volatile long seq = -1;
        volatile String algorithm = "";

        Entry(String aor, String user, long expires) {
            this.aor = aor;
            this.user = user;
            this.expires = expires;
        }
    }

    private final Users users;
    private final String realm;
    private final Supplier<String> nodeUri;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Map<String, Entry> published = new ConcurrentHashMap<>();
    private final Stats stats = new Stats();
    private volatile Overlay overlay;

    /**
     * @param nodeUri this node's SIP URI, where other nodes forward requests for its users
     * @param scheduler where retries run (the SIP stack's loop)
     */
    public OverlayLocation(Users users, String realm, Supplier<String> nodeUri, Clock clock, Scheduler scheduler) {
        this.users = users;
        this.realm = realm;
        this.nodeUri = nodeUri;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    public Stats stats() {
        return stats;
    }

    public Overlay overlay() {
        return overlay;
    }

    /**
     * Uses another overlay (null: none for now) and publishes every current binding into it (issue 5 item 6: a swap
     * loses nothing; the proof is recomputed, since the node key may have changed).
     */
    public void overlay(Overlay o) {
        overlay = o;
        if (o == null) return;
        for (Entry e : published.values()) store(e, o);
    }

    /** Publishes (or with {@code lifetime} 0 removes) this node's binding of {@code aor} for {@code lifetime} s. */
    public void publish(String aor, String user, long lifetime) {
        if (lifetime <= 0) {
            remove(aor);
            return;
        }
        Entry e = new Entry(aor, user, clock.millis() / 1000 + lifetime);
        published.put(aor, e);
        Overlay o = overlay;
        if (o == null) e.state = "waiting for an overlay";
        else store(e, o);
    }

    private void store(Entry e, Overlay o) {
        long lifetime = e.expires - clock.millis() / 1000;
        String ha1 = users.ha1(e.user, realm);
        if (lifetime <= 0 || ha1 == null) return;
        BindingRecord r = BindingRecord.sign(e.aor, realm, nodeUri.get(), e.expires, ha1, o.publicKey());
        stats.puts.increment();
        CompletionStage<SignedValue> put;
        try {
            put = o.put(BindingRecord.key(e.aor), r.encode(), Duration.ofSeconds(lifetime));
        } catch (RuntimeException x) {
            put = CompletableFuture.failedFuture(x);
        }
        put.whenComplete((v, err) -> {
            if (published.get(e.aor) != e) return; // superseded by a refresh or a removal
            if (err == null) {
                e.state = "stored";
                e.seq = v.seq();
                e.algorithm = o.algorithm();
                return;
            }
            stats.putFailures.increment();
            e.state = "failed: " + cause(err);
            LOG.warn("cannot store the binding of {} in the overlay: {}", e.aor, cause(err));
            scheduler.schedule(RETRY_MILLIS, () -> {
                Overlay now = overlay;
                if (published.get(e.aor) == e && now != null) store(e, now);
            });
        });
    }

    /** Removes this node's binding of {@code aor} (a signed tombstone, {@link Overlay#remove}). */
    public void remove(String aor) {
        if (published.remove(aor) == null) return;
        Overlay o = overlay;
        if (o == null) return;
        stats.removes.increment();
        try {
            o.remove(BindingRecord.key(aor)).whenComplete((v, err) -> {
                if (err != null) LOG.info("cannot remove the binding of {} from the overlay: {}", aor, cause(err));
            });
        } catch (RuntimeException x) {
            LOG.info("cannot remove the binding of {} from the overlay: {}", aor, x.toString());
        }
    }

    /** What this node has published, by AOR. */
    public Map<String, Published> published() {
        Map<String, Published> out = new TreeMap<>();
        for (Entry e : published.values()) {
            out.put(e.aor, new Published(e.aor, BindingRecord.key(e.aor), e.expires, e.state, e.seq, e.algorithm));
        }
        return out;
    }

    /**
     * Finds the nodes that hold a binding of {@code aor}; completes normally, with the error in the result. The first
     * value that verifies is acted on without waiting for slow peers; every value ({@link Overlay#get}, asked at the
     * same time) that arrives within {@link #FORK_GRACE_MILLIS} after it adds the other nodes where the user is
     * registered too, so that a call forks to all of them (RFC 3261 §16.5 across nodes).
     */
    public CompletionStage<Lookup> lookup(String aor) {
        long start = System.nanoTime();
        stats.lookups.increment();
        Overlay o = overlay;
        if (o == null) return CompletableFuture.completedFuture(new Lookup(aor, List.of(), 0, 0, "no overlay"));
        Id key = BindingRecord.key(aor);
        int[] rejected = {0};
        CompletionStage<List<Found>> found;
        try {
            CompletableFuture<List<SignedValue>> every = o.get(key).toCompletableFuture();
            found = o.getFirst(key).thenCompose(first -> {
                Found f = first.map(v -> check(aor, v)).orElse(null);
                if (first.isPresent() && f == null) rejected[0]++;
                if (f == null) return every.thenApply(all -> valid(aor, all, first.orElse(null), null, rejected));
                return every.exceptionally(x -> List.of())
                        .completeOnTimeout(List.of(), FORK_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                        .thenApply(all -> valid(aor, all, first.get(), f, rejected));
            });
        } catch (RuntimeException x) {
            found = CompletableFuture.failedFuture(x);
        }
        return found.handle((all, err) -> {
            stats.rejected.add(rejected[0]);
            long micros = (System.nanoTime() - start) / 1000;
            return new Lookup(aor, all == null ? List.of() : all, rejected[0], micros, err == null ? null : cause(err));
        });
    }

    /** The valid records among {@code all}, one per node, {@code first} (if any) first, then the longest lasting. */
    private List<Found> valid(String aor, List<SignedValue> all, SignedValue checked, Found first, int[] rejected) {
        Map<String, Found> byNode = new LinkedHashMap<>();
        if (first != null) byNode.put(first.record().node(), first);
        List<Found> rest = new ArrayList<>();
        for (SignedValue v : all) {
            if (v.equals(checked)) continue;
            Found f = check(aor, v);
            if (f == null) rejected[0]++;
            else rest.add(f);
        }
        rest.sort((a, b) -> Long.compare(b.record().expires(), a.record().expires()));
        for (Found f : rest) byNode.putIfAbsent(f.record().node(), f);
        return List.copyOf(byNode.values());
    }

    /** The reader's check (issue 5 item 7): a record for this AOR, not expired, and when we know the password, proved. */
    Found check(String aor, SignedValue v) {
        BindingRecord r;
        try {
            r = BindingRecord.decode(v.value());
        } catch (IllegalArgumentException e) {
            LOG.debug("ignored a malformed binding under {}: {}", aor, e.getMessage());
            return null;
        }
        if (!r.aor().equals(aor) || r.expires() * 1000 <= clock.millis()) return null;
        String ha1 = users.ha1(r.user(), r.realm());
        if (ha1 == null) return new Found(r, v.owner(), Proof.UNCHECKED);
        if (r.proves(ha1, v.owner())) return new Found(r, v.owner(), Proof.VERIFIED);
        LOG.info("ignored a binding of {} whose proof does not verify (node {})", aor, r.node());
        return null;
    }

    private static String cause(Throwable t) {
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** An Optional view, for callers that only want the record. */
    public static Optional<BindingRecord> record(Lookup l) {
        return l.found() == null ? Optional.empty() : Optional.of(l.found().record());
    }
}
