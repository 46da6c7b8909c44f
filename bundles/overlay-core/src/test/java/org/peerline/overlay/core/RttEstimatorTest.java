package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    @Test
    void initialTimeoutIsOneSecond() {
        RttEstimator e = new RttEstimator();
        assertEquals(1000, e.timeout());
        assertFalse(e.measured());
        assertNull(e.smoothed());
    }

    @Test
    void knownSequenceFollowsRfc6298() {
        RttEstimator e = new RttEstimator();
        e.sample(100); // SRTT 100, RTTVAR 50
        assertEquals(300, e.timeout());
        e.sample(100); // RTTVAR 37.5
        assertEquals(250, e.timeout());
        e.sample(200); // RTTVAR 0.75*37.5 + 0.25*100 = 53.125, SRTT 112.5
        assertEquals(325, e.timeout());
        assertEquals(Duration.ofNanos(112_500_000), e.smoothed());
        assertEquals(53.125, e.variation(), 1e-9);
        for (int i = 0; i < 200; i++) e.sample(80);
        assertEquals(80 + RttEstimator.GRANULARITY, e.timeout(), "a steady RTT: SRTT + G (RFC 6298 §2.3)");
    }

    @Test
    void clampedAndBackedOff() {
        RttEstimator e = new RttEstimator();
        e.sample(1);
        assertEquals(RttEstimator.MIN_TIMEOUT, e.timeout());
        e.timedOut();
        assertEquals(100, e.timeout());
        e.timedOut();
        assertEquals(200, e.timeout());
        e.sample(1);
        assertEquals(RttEstimator.MIN_TIMEOUT, e.timeout(), "a new sample ends the backoff");
        RttEstimator slow = new RttEstimator();
        slow.sample(10_000);
        assertEquals(RttEstimator.MAX_TIMEOUT, slow.timeout());
        slow.timedOut();
        assertEquals(RttEstimator.MAX_TIMEOUT, slow.timeout());
        assertThrows(IllegalArgumentException.class, () -> slow.sample(-1));
    }
}
