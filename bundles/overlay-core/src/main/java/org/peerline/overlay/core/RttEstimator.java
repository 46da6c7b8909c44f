package org.peerline.overlay.core;

import java.time.Duration;

/**
 * Per-neighbour retransmission timeout by Jacobson/Karels (SIGCOMM 1988), with RFC 6298 §2's constants and rules:
 * on the first sample R, SRTT = R and RTTVAR = R/2; then RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R| and
 * SRTT = 7/8 SRTT + 1/8 R; RTO = SRTT + 4 RTTVAR. As in Bamboo (Rhea et al., USENIX 2004 §5.1) the timeout adapts per
 * neighbour instead of the seed's fixed 5 s, clamped to [50 ms, 5 s], 1 s before any sample (RFC 6298 §2.1). A
 * timeout doubles the RTO until the next sample (RFC 6298 §5.5). Single-threaded.
 */
public final class RttEstimator {
    public static final long MIN_TIMEOUT = 50;
    public static final long MAX_TIMEOUT = 5000;
    public static final long INITIAL_TIMEOUT = 1000;

    private final long min;
    private final long max;
    private double srtt = -1;
    private double rttvar;
    private long backedOff;

    public RttEstimator() {
        this(MIN_TIMEOUT, MAX_TIMEOUT);
    }

    public RttEstimator(long minMillis, long maxMillis) {
        if (minMillis <= 0 || maxMillis < minMillis) throw new IllegalArgumentException("bad bounds");
        this.min = minMillis;
        this.max = maxMillis;
    }

    /** Adds a measured round-trip time (RFC 6298 §2.2, §2.3); take samples only from unretransmitted requests. */
    public void sample(long rttMillis) {
        if (rttMillis < 0) throw new IllegalArgumentException("negative RTT: " + rttMillis);
        if (srtt < 0) {
            srtt = rttMillis;
            rttvar = rttMillis / 2.0;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rttMillis);
            srtt = 0.875 * srtt + 0.125 * rttMillis;
        }
        backedOff = 0;
    }

    /** A request timed out: back off (RFC 6298 §5.5), up to the maximum. */
    public void timedOut() {
        backedOff = Math.min(max, 2 * timeout());
    }

    /** The timeout to use for the next request, in milliseconds. */
    public long timeout() {
        if (backedOff > 0) return backedOff;
        if (srtt < 0) return Math.max(min, Math.min(max, INITIAL_TIMEOUT));
        return Math.max(min, Math.min(max, Math.round(srtt + 4 * rttvar)));
    }

    /** Whether a sample has been taken. */
    public boolean measured() {
        return srtt >= 0;
    }

    /** The smoothed RTT, or null before the first sample (as {@code Neighbor.rtt}). */
    public Duration smoothed() {
        return srtt < 0 ? null : Duration.ofNanos(Math.round(srtt * 1_000_000));
    }

    /** The RTT variation in milliseconds (0 before the first sample). */
    public double variation() {
        return rttvar;
    }
}
