package org.peerline.overlay.core;

/**
 * Time and timers for a sans-I/O node (DESIGN.md principle 1): the wall clock on a real node, virtual time in
 * {@link SimClock}. Tasks run on the node's event loop, one at a time.
 */
public interface Clock {
    /** Milliseconds since the epoch (real or virtual). */
    long now();

    /** Runs {@code task} after {@code delayMillis} (0 or more) on the node's loop. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** Runs {@code task} after {@code first} ms, then every {@code every} ms, until the result is cancelled. */
    default Cancellable every(long first, long every, Runnable task) {
        Cancellable[] slot = new Cancellable[1];
        slot[0] = schedule(Math.max(0, first), new Runnable() {
            @Override
            public void run() {
                task.run();
                slot[0] = schedule(every, this);
            }
        });
        return () -> slot[0].cancel();
    }
}
