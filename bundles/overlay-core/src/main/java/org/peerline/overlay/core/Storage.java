package org.peerline.overlay.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

/**
 * The records a node stores, sans-I/O (time is passed in), single-threaded (one event loop owns it).
 *
 * <p>A record is keyed by (key, owner public key): an owner has at most one value per key, and only its signature
 * can replace it (RFC 6940 §7.3 USER-NODE-MATCH in spirit: another key makes another record, a forged owner fails
 * verification). Writes follow BEP 44's sequence rule: a lower seq is a rollback, an equal seq a replay (a no-op when
 * the bytes are identical). A removal is a tombstone (empty value, higher seq) kept until its expiry. Fixing the
 * seed's Bamboo storage, a record also remembers the latest expiry of anything it superseded and stays (as a seq
 * high-water mark) until then, so a replayed older value cannot come back after a short-lived successor lapses.
 *
 * <p>Anti-entropy (Bamboo, Rhea et al. USENIX 2004 §4; the seed's Hash/Keys/Data exchange): {@link #summary},
 * {@link #digest} and {@link #diff} compare what two nodes hold in a key range.
 */
public final class Storage {
    /**
     * Explicit bounds (DESIGN.md principle 5).
     *
     * @param maxValueBytes largest value accepted (default 4 KiB)
     * @param maxValuesPerKey most owners under one key (default 64)
     * @param maxRecords most records in total (default 100,000)
     * @param maxLifetime furthest expiry accepted from now (default 24 h)
     */
    public record Limits(int maxValueBytes, int maxValuesPerKey, int maxRecords, Duration maxLifetime) {
        public static final Limits DEFAULTS = new Limits(4096, 64, 100_000, Duration.ofHours(24));
    }

    /** The outcome of {@link #put}. Only STORED changes the store. */
    public enum Result {
        STORED, DUPLICATE, STALE_SEQ, BAD_SIGNATURE, EXPIRED, LIFETIME_TOO_LONG, TOO_LARGE, FULL;

        /** Whether the sender's intent is satisfied (stored now or already). */
        public boolean ok() {
            return this == STORED || this == DUPLICATE;
        }
    }

    /** One record as two nodes compare it: key, SHA-1 of the owner key, seq. Ordered by key then owner. */
    public record Entry(Id key, Id owner, long seq) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = key.compareTo(o.key);
            return c != 0 ? c : owner.compareTo(o.owner);
        }
    }

    /**
     * What two summaries disagree on.
     *
     * @param fetch records the remote holds newer or that are missing here: ask for them
     * @param push records held newer here or missing there: send them
     */
    public record Diff(List<Entry> fetch, List<Entry> push) {
    }

    private static final class Record {
        SignedValue value;
        Id ownerHash;
        Instant keepUntil;

        Record(SignedValue value, Id ownerHash, Instant keepUntil) {
            this.value = value;
            this.ownerHash = ownerHash;
            this.keepUntil = keepUntil;
        }
    }

    private final Limits limits;
    private final NavigableMap<Id, Map<Id, Record>> byKey = new TreeMap<>();
    private int records;

    public Storage() {
        this(Limits.DEFAULTS);
    }

    public Storage(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Number of records held, tombstones and high-water marks included. */
    public int size() {
        return records;
    }

    /** Stores {@code v} if it is signed by its owner, live, within bounds and newer than the owner's record. */
    public Result put(SignedValue v, Instant now) {
        if (v.value().length > limits.maxValueBytes() || v.owner().length > SignedValues.MAX_OWNER_BYTES) {
            return Result.TOO_LARGE;
        }
        if (!v.expires().isAfter(now)) return Result.EXPIRED;
        if (v.expires().isAfter(now.plus(limits.maxLifetime()))) return Result.LIFETIME_TOO_LONG;
        Id ownerHash = Crypto.nodeId(v.owner());
        Map<Id, Record> owners = byKey.get(v.key());
        Record old = owners == null ? null : owners.get(ownerHash);
        if (old != null && !Arrays.equals(old.value.owner(), v.owner())) {
            return Result.BAD_SIGNATURE; // a SHA-1 collision on the owner key: refuse rather than confuse records
        }
        if (old != null && v.seq() <= old.value.seq()) {
            return v.seq() == old.value.seq() && v.equals(old.value) ? Result.DUPLICATE : Result.STALE_SEQ;
        }
        // Cheap checks first; the signature last, before anything changes (BEP 44: verify, then compare seq).
        if (!SignedValues.verify(v)) return Result.BAD_SIGNATURE;
        if (old == null) {
            if (records >= limits.maxRecords()) return Result.FULL;
            if (owners != null && owners.size() >= limits.maxValuesPerKey()) return Result.FULL;
            if (owners == null) byKey.put(v.key(), owners = new LinkedHashMap<>());
            owners.put(ownerHash, new Record(v, ownerHash, v.expires()));
            records++;
        } else {
            old.keepUntil = later(old.keepUntil, v.expires());
            old.value = v;
        }
        return Result.STORED;
    }

    /** Live values under {@code key}: not expired, tombstones excluded (Overlay#get). */
    public List<SignedValue> get(Id key, Instant now) {
        List<SignedValue> out = new ArrayList<>();
        Map<Id, Record> owners = byKey.get(key);
        if (owners != null) {
            for (Record r : owners.values()) {
                if (r.value.expires().isAfter(now) && !r.value.isTombstone()) out.add(r.value);
            }
        }
        return out;
    }

    /** The owner's live record under {@code key}, tombstone included, looked up by SHA-1 of the owner key. */
    public Optional<SignedValue> get(Id key, Id ownerHash, Instant now) {
        Map<Id, Record> owners = byKey.get(key);
        Record r = owners == null ? null : owners.get(ownerHash);
        return r != null && r.value.expires().isAfter(now) ? Optional.of(r.value) : Optional.empty();
    }

    /** Drops records whose value and superseded values have all lapsed; returns how many. */
    public int expire(Instant now) {
        int dropped = 0;
        for (Iterator<Map<Id, Record>> keys = byKey.values().iterator(); keys.hasNext(); ) {
            Map<Id, Record> owners = keys.next();
            for (Iterator<Record> it = owners.values().iterator(); it.hasNext(); ) {
                if (!it.next().keepUntil.isAfter(now)) {
                    it.remove();
                    dropped++;
                }
            }
            if (owners.isEmpty()) keys.remove();
        }
        records -= dropped;
        return dropped;
    }

    /** Whether {@code x} lies in the ring interval [from, to], wrapping past 2^160 when from > to. */
    public static boolean inRange(Id x, Id from, Id to) {
        return from.compareTo(to) <= 0 ? x.compareTo(from) >= 0 && x.compareTo(to) <= 0
                : x.compareTo(from) >= 0 || x.compareTo(to) <= 0;
    }

    /** Live records (tombstones included: they must replicate too) with keys in the ring interval [from, to]. */
    public List<SignedValue> values(Id from, Id to, Instant now) {
        List<SignedValue> out = new ArrayList<>();
        for (Map<Id, Record> owners : range(from, to)) {
            for (Record r : owners.values()) if (r.value.expires().isAfter(now)) out.add(r.value);
        }
        return out;
    }

    /** Every live record (tombstones included): what a node hands over, re-replicates or carries to a new ring. */
    public List<SignedValue> all(Instant now) {
        List<SignedValue> out = new ArrayList<>();
        for (Map<Id, Record> owners : byKey.values()) {
            for (Record r : owners.values()) if (r.value.expires().isAfter(now)) out.add(r.value);
        }
        return out;
    }

    /** Sorted (key, owner hash, seq) of the live records in [from, to]: what a replica compares. */
    public List<Entry> summary(Id from, Id to, Instant now) {
        List<Entry> out = new ArrayList<>();
        for (Map<Id, Record> owners : range(from, to)) {
            for (Record r : owners.values()) {
                if (r.value.expires().isAfter(now)) out.add(new Entry(r.value.key(), r.ownerHash, r.value.seq()));
            }
        }
        out.sort(null);
        return out;
    }

    /** SHA-1 over the summary of [from, to]: equal digests mean both nodes hold the same records there. */
    public Id digest(Id from, Id to, Instant now) {
        return digest(summary(from, to, now));
    }

    /** SHA-1 over a sorted summary (key, owner hash, seq per entry). */
    public static Id digest(List<Entry> summary) {
        ByteBuffer b = ByteBuffer.allocate(summary.size() * (2 * Id.BYTES + 8));
        for (Entry e : summary) b.put(e.key().toBytes()).put(e.owner().toBytes()).putLong(e.seq());
        return Id.of(Crypto.sha1(b.array()));
    }

    /** Compares a local and a remote summary (both sorted): which records to fetch and which to push. */
    public static Diff diff(List<Entry> local, List<Entry> remote) {
        List<Entry> fetch = new ArrayList<>();
        List<Entry> push = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < local.size() || j < remote.size()) {
            int c = i == local.size() ? 1 : j == remote.size() ? -1 : local.get(i).compareTo(remote.get(j));
            if (c < 0) {
                push.add(local.get(i++));
            } else if (c > 0) {
                fetch.add(remote.get(j++));
            } else {
                Entry l = local.get(i++);
                Entry r = remote.get(j++);
                if (l.seq() < r.seq()) fetch.add(r);
                else if (l.seq() > r.seq()) push.add(l);
            }
        }
        return new Diff(fetch, push);
    }

    private Collection<Map<Id, Record>> range(Id from, Id to) {
        if (from.compareTo(to) <= 0) return byKey.subMap(from, true, to, true).values();
        List<Map<Id, Record>> out = new ArrayList<>(byKey.tailMap(from, true).values());
        out.addAll(byKey.headMap(to, true).values());
        return out;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
