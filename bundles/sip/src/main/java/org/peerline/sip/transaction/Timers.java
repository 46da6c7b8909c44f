package org.peerline.sip.transaction;

/**
 * The timer values of RFC 3261 §17.1.1.1 and Table 4: T1 (RTT estimate, 500 ms), T2 (longest retransmit interval
 * for non-INVITE requests and INVITE responses, 4 s), T4 (longest a message stays in the network, 5 s).
 */
public record Timers(long t1, long t2, long t4) {
    public static final Timers DEFAULT = new Timers(500, 4000, 5000);

    public Timers {
        if (t1 <= 0 || t2 < t1 || t4 <= 0) throw new IllegalArgumentException("need 0 < T1 <= T2 and T4 > 0");
    }

    /** 64*T1: Timers B, F, H, J, L, M (RFC 3261 Table 4, RFC 6026 §8.4). */
    public long sixtyFourT1() {
        return 64 * t1;
    }
}
