package org.peerline.p2psip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;

/**
 * The calls this node has proxied, as a proxy on their route set sees them (RFC 3261 §12, §16.6 step 4): an initial
 * INVITE starts one, its provisional and final responses move it on, a BYE ends it. Kept per Call-ID; ended calls are
 * shown for {@link #KEEP_ENDED} ms; at most {@link #MAX_CALLS} are tracked (the oldest go first). Written on the SIP
 * loop, read from any thread.
 */
public final class Calls {
    public static final int MAX_CALLS = 10_000;
    public static final long KEEP_ENDED = 60_000;

    public enum State { CALLING, RINGING, ESTABLISHED, FAILED, ENDED }

    /**
     * One call; times in ms since the epoch (0: not yet).
     *
     * @param status the last final status of the INVITE (0: none yet)
     */
    public record Call(String callId, String from, String to, State state, int status, long started, long answered,
                       long ended) {
        /** How long it has been established (or rang, if never answered), in ms. */
        public long duration(long now) {
            long from = answered > 0 ? answered : started;
            return (ended > 0 ? ended : now) - from;
        }
    }

    private final Map<String, Call> calls = new ConcurrentHashMap<>();

    /** An initial INVITE (no To tag) passed through. */
    public void invite(Request r) {
        if (r.to().tag() != null || calls.containsKey(r.callId())) return;
        trim();
        calls.put(r.callId(), new Call(r.callId(), r.from().uri().toString(), r.to().uri().toString(), State.CALLING, 0,
                System.currentTimeMillis(), 0, 0));
    }

    /** A response to an INVITE this node forwarded. */
    public void response(Request invite, Response r) {
        Call c = calls.get(invite.callId());
        if (c == null || invite.to().tag() != null || c.state() == State.ESTABLISHED || c.state() == State.ENDED) return;
        long now = System.currentTimeMillis();
        int s = r.status();
        if (s > 100 && s < 200) calls.put(c.callId(), with(c, State.RINGING, 0, 0, 0));
        else if (s >= 200 && s < 300) calls.put(c.callId(), with(c, State.ESTABLISHED, s, now, 0));
        else if (s >= 300 && c.state() != State.FAILED) calls.put(c.callId(), with(c, State.FAILED, s, 0, now));
    }

    /** A BYE passed through (§15). */
    public void bye(Request r) {
        Call c = calls.get(r.callId());
        if (c != null && c.state() != State.ENDED) calls.put(c.callId(), with(c, State.ENDED, c.status(), 0, System.currentTimeMillis()));
    }

    private static Call with(Call c, State s, int status, long answered, long ended) {
        return new Call(c.callId(), c.from(), c.to(), s, status == 0 ? c.status() : status, c.started(),
                answered == 0 ? c.answered() : answered, ended == 0 ? c.ended() : ended);
    }

    /** Current calls and recently ended ones, oldest first. */
    public List<Call> list() {
        trim();
        List<Call> out = new ArrayList<>(calls.values());
        out.sort(Comparator.comparingLong(Call::started));
        return out;
    }

    private void trim() {
        long now = System.currentTimeMillis();
        calls.values().removeIf(c -> c.ended() > 0 && now - c.ended() > KEEP_ENDED);
        while (calls.size() >= MAX_CALLS) {
            calls.values().stream().min(Comparator.comparingLong(Call::started))
                    .ifPresent(c -> calls.remove(c.callId()));
        }
    }
}
