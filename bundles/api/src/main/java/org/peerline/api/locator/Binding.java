package org.peerline.api.locator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An address-of-record binding (RFC 3261 §10.3): a contact where the AOR can be reached, until it expires.
 *
 * @param aor the canonical address of record, e.g. {@code sip:alice@example.com} (RFC 3261 §10.3 step 5)
 * @param contact the contact URI
 * @param q the preference, 0.0 to 1.0 (RFC 3261 §20.10), 1.0 when absent
 * @param expires when the binding lapses
 * @param callId the Call-ID of the REGISTER that made it (RFC 3261 §10.3 step 7)
 * @param cseq its CSeq number; a refresh needs the same Call-ID and a higher CSeq
 * @param instanceId the RFC 5626 {@code +sip.instance}, or null
 * @param path the RFC 3327 Path to reach the contact, possibly empty
 * @param source who stored the binding (a node id, a registrar, a peer address), for operators
 */
public record Binding(String aor, String contact, double q, Instant expires, String callId, long cseq,
                      String instanceId, List<String> path, String source) {
    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(expires, "expires");
        if (!(q >= 0.0 && q <= 1.0)) throw new IllegalArgumentException("q must be within 0..1: " + q);
        path = path == null ? List.of() : List.copyOf(path);
    }

    /** Whether the binding has lapsed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
