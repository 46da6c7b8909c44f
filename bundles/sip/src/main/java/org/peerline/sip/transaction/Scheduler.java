package org.peerline.sip.transaction;

/**
 * Time for a sans-I/O core (DESIGN.md principle 1): the current time and one-shot timers. The stack's event loop
 * provides it in production; tests provide virtual time. All callbacks run on the one thread that owns the core.
 */
public interface Scheduler {
    /** Milliseconds on a monotonic clock. */
    long now();

    /** Runs {@code task} after {@code delayMillis} on the core's thread. */
    Timer schedule(long delayMillis, Runnable task);

    interface Timer {
        void cancel();
    }
}
