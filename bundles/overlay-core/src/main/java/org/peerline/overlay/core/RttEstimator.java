package org.peerline.overlay.core;

import java.time.Duration;

/**
 * Per-neighbour retransmission timeout by Jacobson/Karels (SIGCOMM 1988), with RFC 6298 §2's constants and rules:
 * on the first sample R, SRTT = R and RTTVAR = R/2; then RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R| and
 * SRTT = 7/8 SRTT + 1/8 R; RTO = SRTT + max(G, 4 RTTVAR) with G = {@link #GRANULARITY} (§2.3: a steady RTT does
 * not shrink the timeout onto the RTT itself, where it would race every reply). As in Bamboo (Rhea et al., USENIX
 * 2004 §5.1) the timeout adapts per neighbour instead of the seed's fixed 5 s, clamped to [50 ms, 5 s], 1 s before
 * any sample (RFC 6298 §2.1). A timeout doubles the RTO until the next sample (RFC 6298 §5.5). Single-threaded.
 * Twelve bytes of state (a node of a 10^5-node simulation keeps hundreds); {@code Rpc}'s per-peer record extends
 * it, to be one object per peer.
 */
public class RttEstimator {
    public static final long MIN_TIMEOUT = 50;
    /** RFC 6298's G, in milliseconds: the least margin of the timeout over the smoothed RTT. */
    public static final long GRANULARITY = 10;
    public static final long MAX_TIMEOUT = 5000;
    public static final long INITIAL_TIMEOUT = 1000;

    private float srtt = -1;
    private float rttvar;
    private int backedOff;

    /** Adds a measured round-trip time (RFC 6298 §2.2, §2.3); take samples only from unretransmitted requests. */
    public void sample(long rttMillis) {
        if (rttMillis < 0) throw new IllegalArgumentException("negative RTT: " + rttMillis);
        if (srtt < 0) {
            srtt = rttMillis;
            rttvar = rttMillis / 2f;
        } else {
            rttvar = 0.75f * rttvar + 0.25f * Math.abs(srtt - rttMillis);
            srtt = 0.875f * srtt + 0.125f * rttMillis;
        }
        backedOff = 0;
    }

    /** A request timed out: back off (RFC 6298 §5.5), up to the maximum. */
    public void timedOut() {
        backedOff = (int) Math.min(MAX_TIMEOUT, 2 * timeout());
    }

    /** The timeout to use for the next request, in milliseconds. */
    public long timeout() {
        if (backedOff > 0) return backedOff;
        if (srtt < 0) return INITIAL_TIMEOUT;
        return Math.max(MIN_TIMEOUT, Math.min(MAX_TIMEOUT, Math.round(srtt + Math.max(GRANULARITY, 4.0 * rttvar))));
    }

    /** Whether a sample has been taken. */
    public boolean measured() {
        return srtt >= 0;
    }

    /** The smoothed RTT, or null before the first sample (as {@code Neighbor.rtt}). */
    public Duration smoothed() {
        return srtt < 0 ? null : Duration.ofNanos(Math.round(srtt * 1_000_000.0));
    }

    /** The RTT variation in milliseconds (0 before the first sample). */
    public double variation() {
        return rttvar;
    }
}
