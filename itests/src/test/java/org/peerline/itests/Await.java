package org.peerline.itests;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline (never a bare sleep). */
final class Await {
    private Await() {
    }

    static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + deadline + ": " + what);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
