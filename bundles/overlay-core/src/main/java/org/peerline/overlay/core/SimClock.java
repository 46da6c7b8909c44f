package org.peerline.overlay.core;

import java.util.PriorityQueue;

/**
 * A discrete-event clock: virtual time advances only as events run, so a simulation is deterministic and runs as
 * fast as the CPU allows. Events due at the same time run in the order they were scheduled. Single-threaded.
 */
public final class SimClock implements Clock {
    private static final class Event implements Comparable<Event>, Cancellable {
        final long at;
        final long order;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Event(long at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel() {
            boolean pending = !cancelled && !done;
            cancelled = true;
            return pending;
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long order;
    private long executed;

    public SimClock() {
        this(0);
    }

    /** Starts virtual time at {@code startMillis}. */
    public SimClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) throw new IllegalArgumentException("negative delay: " + delayMillis);
        Event e = new Event(now + delayMillis, order++, task);
        queue.add(e);
        return e;
    }

    /** Runs the next event, advancing time to it; false if none is pending. */
    public boolean step() {
        Event e;
        do {
            e = queue.poll();
            if (e == null) return false;
        } while (e.cancelled);
        now = e.at;
        e.done = true;
        executed++;
        e.task.run();
        return true;
    }

    /** Runs every event due up to {@code timeMillis}, then sets the time to it. */
    public void runUntil(long timeMillis) {
        while (true) {
            Event next = queue.peek();
            if (next == null || next.at > timeMillis) break;
            step();
        }
        now = Math.max(now, timeMillis);
    }

    /** Advances time by {@code millis}, running what falls due. */
    public void advance(long millis) {
        runUntil(now + millis);
    }

    /** Runs events until none is left or {@code maxEvents} ran; returns how many ran. */
    public long runAll(long maxEvents) {
        long ran = 0;
        while (ran < maxEvents && step()) ran++;
        return ran;
    }

    /** Events scheduled and not yet run (cancelled ones included until they are skipped). */
    public int pending() {
        return queue.size();
    }

    /** Events run so far. */
    public long executed() {
        return executed;
    }
}
