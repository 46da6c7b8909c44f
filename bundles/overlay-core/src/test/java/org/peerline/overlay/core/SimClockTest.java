package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timing wheel keeps a heap's order: by time, then by scheduling order, far events included. */
class SimClockTest {
    @Test
    void runsByTimeThenSchedulingOrderAcrossTheWheelSpan() {
        SimClock clock = new SimClock(5);
        List<String> ran = new ArrayList<>();
        long far = 200_000; // beyond the wheel's 65.5 s: waits in the heap first
        clock.schedule(far, () -> ran.add("far-1"));
        clock.schedule(10, () -> {
            ran.add("near");
            clock.schedule(far - 10, () -> ran.add("far-2")); // same instant as far-1, scheduled later
        });
        clock.schedule(far, () -> ran.add("far-3"));
        clock.schedule(0, () -> ran.add("now"));
        clock.advance(far - 1);
        assertEquals(List.of("now", "near"), ran);
        assertEquals(5 + far - 1, clock.now());
        assertEquals(3, clock.pending());
        clock.runAll(10);
        assertEquals(List.of("now", "near", "far-1", "far-3", "far-2"), ran);
        assertEquals(5 + far, clock.now());
        assertFalse(clock.step());
    }

    @Test
    void cancelledEventsDoNotRunAndTimeStaysWhereRunUntilLeftIt() {
        SimClock clock = new SimClock();
        boolean[] ran = new boolean[2];
        Cancellable c = clock.schedule(100, () -> ran[0] = true);
        clock.schedule(300, () -> ran[1] = true);
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        clock.runUntil(150);
        assertEquals(150, clock.now());
        clock.schedule(10, () -> { }); // due at 160, before the event at 300
        assertTrue(clock.step());
        assertEquals(160, clock.now());
        assertTrue(clock.step());
        assertEquals(300, clock.now());
        assertFalse(ran[0]);
        assertTrue(ran[1]);
        assertEquals(2, clock.executed());
    }

    @Test
    void matchesAHeapOnRandomSchedules() {
        Random r = new Random(7);
        SimClock clock = new SimClock(1_000);
        List<long[]> ran = new ArrayList<>(); // (time, sequence)
        long[] seq = {0};
        for (int i = 0; i < 2000; i++) {
            long s = seq[0]++;
            long delay = r.nextInt(4) == 0 ? r.nextInt(300_000) : r.nextInt(50);
            clock.schedule(delay, () -> {
                ran.add(new long[] {clock.now(), s});
                if (r.nextBoolean()) {
                    long s2 = seq[0]++;
                    clock.schedule(r.nextInt(100_000), () -> ran.add(new long[] {clock.now(), s2}));
                }
            });
        }
        clock.runAll(Long.MAX_VALUE);
        for (int i = 1; i < ran.size(); i++) {
            assertTrue(ran.get(i - 1)[0] <= ran.get(i)[0], "time goes forward at " + i);
        }
        assertEquals(seq[0], ran.size());
    }
}
