package org.peerline.itests;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waiting on a condition with a deadline (never a bare sleep). */
final class Await {
    /** A condition; an exception counts as not yet. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(String what, Duration deadline, Condition condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + deadline + ": " + what);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static boolean holds(Condition c) {
        try {
            return c.holds();
        } catch (Exception e) {
            return false;
        }
    }
}
