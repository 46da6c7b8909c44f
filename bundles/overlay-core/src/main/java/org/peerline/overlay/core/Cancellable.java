package org.peerline.overlay.core;

/** A scheduled task that can be called off. */
@FunctionalInterface
public interface Cancellable {
    /** Cancels the task if it has not run; returns whether it was still pending. */
    boolean cancel();
}
