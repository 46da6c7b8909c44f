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
}
