package org.peerline.p2psip;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.peerline.sip.auth.DigestServer;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipParseException;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.message.Validator;
import org.peerline.sip.stack.Tags;
import org.peerline.sip.transaction.Scheduler;

/**
 * A registrar, RFC 3261 §10.3, for this node's users: every step in order, with digest authentication (RFC 7616,
 * §22) as step 3 and a lock-out (three wrong passwords for one Call-ID and user within {@link #FAILURE_WINDOW} are
 * answered 403 until the window passes). Bindings live here (this node reaches the contacts) and expire on timers of
 * the stack's loop; every change of an AOR's bindings is reported to a {@link Listener} (which publishes them to the
 * overlay). Runs on the SIP stack's event loop; {@link #snapshot()} may be read from any thread.
 */
public final class Registrar {
    /** Window in which failed authentications are counted. */
    public static final long FAILURE_WINDOW = 60_000;
    /** Wrong passwords for one Call-ID and user that lock it out for the rest of the window. */
    public static final int MAX_FAILURES = 3;
    private static final int MAX_TRACKED_FAILURES = 10_000;
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** Expiry bounds (RFC 3261 §10.3 step 7) and the limit of contacts per AOR. */
    public record Limits(long minExpires, long maxExpires, long defaultExpires, int maxContacts) {
        public static final Limits DEFAULTS = new Limits(60, 7200, 3600, 16);

        public Limits {
            if (minExpires < 1 || maxExpires < minExpires || defaultExpires < minExpires || defaultExpires > maxExpires
                    || maxContacts < 1) {
                throw new IllegalArgumentException("need 1 <= min <= default <= max expires and max contacts >= 1");
            }
        }
    }

    /** Told when an AOR's bindings change; {@code longest} is the longest remaining expiry in s (0: none left). */
    public interface Listener {
        void changed(String aor, String user, long longest);
    }

    /** One binding as shown to operators. */
    public record View(String aor, String contact, double q, long expiresIn, String callId, long cseq) {
    }

    /** One binding (§10.3 step 7 keeps the Call-ID and CSeq of the REGISTER that made it). */
    private static final class Binding {
        final SipUri uri;
        final String user;
        double q;
        String callId;
        long cseq;
        long expiresAt;
        Scheduler.Timer timer;

        Binding(SipUri uri, String user) {
            this.uri = uri;
            this.user = user;
        }
    }

    private record Change(SipUri uri, double q, long expires) {
    }

    private record Failures(int count, long since) {
    }

    private final Scheduler scheduler;
    private final DigestServer digest;
    private final Users users;
    private final Limits limits;
    private final Function<SipUri, String> aorOf;
    private final Listener listener;
    private final Map<String, List<Binding>> bindings = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param aorOf the canonical AOR ({@code user@domain}) of a To URI, or null if this node does not serve its domain
     */
    public Registrar(Scheduler scheduler, DigestServer digest, Users users, Limits limits,
                     Function<SipUri, String> aorOf, Listener listener) {
        this.scheduler = scheduler;
        this.digest = digest;
        this.users = users;
        this.limits = limits;
        this.aorOf = aorOf;
        this.listener = listener;
    }

    /** Handles a REGISTER (§10.3) and returns the response; bad input gets the matching 4xx, never an exception. */
    public Response register(Request r) {
        try {
            return process(r);
        } catch (SipParseException e) {
            return Response.to(r, e.status(), e.reason(), Tags.tag());
        } catch (IllegalArgumentException e) {
            return Response.to(r, 400, e.getMessage(), Tags.tag());
        }
    }

    private Response process(Request r) {
        // steps 1-2: the Request-URI's domain was checked by the caller; syntax and Require (420, §8.2.2.3)
        Validator.Rejection rej = Validator.check(r, Set.of("sip", "sips"), Set.of(), HeaderNames.REQUIRE);
        if (rej != null) return withTag(rej.toResponse(r));
        SipUri to = r.to().sipUri();
        String aor = to == null ? null : aorOf.apply(to);
        if (aor == null) return Response.to(r, 404, "Not Found: not an address of record of this domain", Tags.tag()); // step 5
        String user = to.user();
        // step 3: authentication
        String lock = r.callId() + "\n" + user;
        long now = scheduler.now();
        Failures f = failures.get(lock);
        if (f != null && now - f.since() > FAILURE_WINDOW) {
            failures.remove(lock);
            f = null;
        }
        if (f != null && f.count() >= MAX_FAILURES) return Response.to(r, 403, "Forbidden: too many failed attempts", Tags.tag());
        String auth = r.header(HeaderNames.AUTHORIZATION);
        if (auth == null) return challenge(r, false);
        DigestServer.Result result = digest.verify(auth, r.method(), users);
        switch (result.status()) {
            case OK -> { }
            case STALE -> {
                return challenge(r, true);
            }
            case MALFORMED -> {
                return Response.to(r, 400, "Bad Request: " + result.reason(), Tags.tag());
            }
            case REPLAY -> {
                return challenge(r, false);
            }
            default -> { // BAD_CREDENTIALS, UNKNOWN_USER: alike on the wire
                Failures now2 = new Failures(f == null ? 1 : f.count() + 1, f == null ? now : f.since());
                failures.put(lock, now2);
                if (failures.size() > MAX_TRACKED_FAILURES) failures.remove(failures.keySet().iterator().next());
                return now2.count() >= MAX_FAILURES ? Response.to(r, 403, "Forbidden: too many failed attempts", Tags.tag())
                        : challenge(r, false);
            }
        }
        if (!uriMatches(result.uri(), r)) return Response.to(r, 400, "Bad Request: digest uri is not a SIP URI", Tags.tag());
        failures.remove(lock);
        // step 6: the authenticated user may modify only its own AOR (no third-party registration)
        if (!user.equals(result.username())) {
            return Response.to(r, 403, "Forbidden: " + result.username() + " may not register " + aor, Tags.tag());
        }
        // step 7: the contacts
        List<Address> contacts = r.contacts();
        long headerExpires = expiresHeader(r);
        List<Binding> current = bindings.computeIfAbsent(aor, a -> new CopyOnWriteArrayList<>());
        String callId = r.callId();
        long cseq = r.cseq().number();
        if (contacts.size() == 1 && contacts.get(0).isStar() || contacts.stream().anyMatch(Address::isStar)) {
            if (contacts.size() != 1 || headerExpires != 0) {
                return Response.to(r, 400, "Bad Request: Contact * needs Expires: 0 and no other contact", Tags.tag());
            }
            for (Binding b : current) if (b.callId.equals(callId) && cseq <= b.cseq) return outOfOrder(r);
            for (Binding b : List.copyOf(current)) drop(aor, b);
            return ok(r, aor, user, true);
        }
        List<Change> changes = new ArrayList<>();
        for (Address c : contacts) {
            if (!(c.uri() instanceof SipUri u)) return Response.to(r, 400, "Bad Request: contact " + c + " is not a SIP URI", Tags.tag());
            long e = c.expires() >= 0 ? c.expires() : headerExpires >= 0 ? headerExpires : limits.defaultExpires();
            if (e != 0 && e < limits.minExpires()) {
                return Response.to(r, 423, null, Tags.tag()).add(HeaderNames.MIN_EXPIRES, limits.minExpires());
            }
            changes.add(new Change(u, c.q(), Math.min(e, limits.maxExpires())));
        }
        int after = current.size();
        for (Change c : changes) {
            Binding b = find(current, c.uri());
            if (b != null && b.callId.equals(callId) && cseq <= b.cseq) return outOfOrder(r);
            if (b == null && c.expires() > 0) after++;
            if (b != null && c.expires() == 0) after--;
        }
        if (after > limits.maxContacts()) {
            return Response.to(r, 403, "Forbidden: more than " + limits.maxContacts() + " contacts", Tags.tag());
        }
        boolean changed = false;
        for (Change c : changes) {
            Binding b = find(current, c.uri());
            if (c.expires() == 0) {
                if (b != null) drop(aor, b);
                changed |= b != null;
                continue;
            }
            if (b == null) {
                b = new Binding(c.uri(), user);
                current.add(b);
            }
            b.q = c.q();
            b.callId = callId;
            b.cseq = cseq;
            b.expiresAt = now + c.expires() * 1000;
            schedule(aor, b);
            changed = true;
        }
        return ok(r, aor, user, changed);
    }

    /** §10.3 step 8: 200 with every current binding and its remaining expiry, and a Date. */
    private Response ok(Request r, String aor, String user, boolean changed) {
        List<Binding> current = bindings.getOrDefault(aor, List.of());
        if (current.isEmpty()) bindings.remove(aor, current);
        Response ok = Response.to(r, 200, null, Tags.tag());
        long now = scheduler.now();
        long longest = 0;
        for (Binding b : sorted(current)) {
            long left = Math.max(0, (b.expiresAt - now + 999) / 1000);
            longest = Math.max(longest, left);
            Address a = Address.of(b.uri).withParam("expires", Long.toString(left));
            ok.add(HeaderNames.CONTACT, b.q == 1.0 ? a : a.withParam("q", q(b.q)));
        }
        ok.add("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (changed) listener.changed(aor, user, longest);
        return ok;
    }

    private Response challenge(Request r, boolean stale) {
        Response resp = Response.to(r, 401, null, Tags.tag());
        for (String c : digest.challenges(stale)) resp.add(HeaderNames.WWW_AUTHENTICATE, c);
        return resp;
    }

    /** §10.3 steps 6 and 7: a binding from the same Call-ID with a CSeq not higher aborts the update. */
    private static Response outOfOrder(Request r) {
        return Response.to(r, 500, "Server Internal Error: CSeq not higher than the binding's", Tags.tag())
                .add(HeaderNames.RETRY_AFTER, 1);
    }

    private static Response withTag(Response r) {
        if (r.to() != null && r.to().tag() == null) r.set(HeaderNames.TO, r.to().withTag(Tags.tag()));
        return r;
    }

    /**
     * RFC 7616 §3.4.6 asks that the digest uri name the Request-URI; softphones and sipp put the registrar's address
     * there as often as the domain, so any SIP URI is accepted (the fresh nonce and the nc check stop replays).
     */
    private static boolean uriMatches(String digestUri, Request r) {
        if (digestUri == null || digestUri.equals(r.uriText())) return true;
        try {
            return Uri.parse(digestUri) instanceof SipUri;
        } catch (SipParseException e) {
            return false;
        }
    }

    private static long expiresHeader(Request r) {
        String v = r.header(HeaderNames.EXPIRES);
        if (v == null) return -1;
        try {
            long e = Long.parseLong(v.trim());
            if (e < 0) throw new NumberFormatException();
            return Math.min(e, 0xFFFFFFFFL);
        } catch (NumberFormatException e) {
            throw new SipParseException(400, "bad Expires '" + v.trim() + "'");
        }
    }

    private static Binding find(List<Binding> list, SipUri uri) {
        for (Binding b : list) if (b.uri.equivalent(uri)) return b;
        return null;
    }

    private void schedule(String aor, Binding b) {
        if (b.timer != null) b.timer.cancel();
        b.timer = scheduler.schedule(Math.max(0, b.expiresAt - scheduler.now()), () -> expire(aor, b));
    }

    /** A binding's time ran out (§10.2.1.1): removed, and the overlay told. */
    private void expire(String aor, Binding b) {
        List<Binding> current = bindings.get(aor);
        if (current == null || !current.contains(b) || b.expiresAt > scheduler.now()) return;
        drop(aor, b);
        long now = scheduler.now();
        long longest = current.stream().mapToLong(x -> Math.max(0, (x.expiresAt - now + 999) / 1000)).max().orElse(0);
        if (current.isEmpty()) bindings.remove(aor, current);
        listener.changed(aor, b.user, longest);
    }

    private void drop(String aor, Binding b) {
        if (b.timer != null) b.timer.cancel();
        bindings.getOrDefault(aor, new ArrayList<>()).remove(b);
    }

    private static List<Binding> sorted(List<Binding> list) {
        List<Binding> out = new ArrayList<>(list);
        out.sort(Comparator.comparingDouble((Binding b) -> -b.q));
        return out;
    }

    private static String q(double q) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", q);
        return s.replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    // ---- queries --------------------------------------------------------------------------------------------

    /** The live contacts of an AOR, highest q first (§16.6 order), empty if none. */
    public List<SipUri> contacts(String aor) {
        long now = scheduler.now();
        return sorted(bindings.getOrDefault(aor, List.of())).stream().filter(b -> b.expiresAt > now).map(b -> b.uri).toList();
    }

    /** AORs with bindings here and the user each belongs to. */
    public Map<String, String> aors() {
        Map<String, String> out = new java.util.TreeMap<>();
        bindings.forEach((aor, list) -> list.stream().findFirst().ifPresent(b -> out.put(aor, b.user)));
        return out;
    }

    /** Every binding, for {@code p2psip:registrations} (readable from any thread). */
    public List<View> snapshot() {
        long now = scheduler.now();
        List<View> out = new ArrayList<>();
        for (Map.Entry<String, List<Binding>> e : new java.util.TreeMap<>(bindings).entrySet()) {
            for (Binding b : sorted(e.getValue())) {
                out.add(new View(e.getKey(), b.uri.toString(), b.q, Math.max(0, (b.expiresAt - now) / 1000), b.callId, b.cseq));
            }
        }
        return out;
    }

    /** The longest remaining expiry of an AOR's bindings, in seconds (0: none). */
    public long longest(String aor) {
        long now = scheduler.now();
        return bindings.getOrDefault(aor, List.of()).stream().mapToLong(b -> Math.max(0, (b.expiresAt - now) / 1000))
                .max().orElse(0);
    }
}
