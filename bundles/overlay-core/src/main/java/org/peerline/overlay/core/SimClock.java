package org.peerline.overlay.core;

import java.util.PriorityQueue;

/**
 * A discrete-event clock: virtual time advances only as events run, so a simulation is deterministic and runs as
 * fast as the CPU allows. Events due at the same time run in the order they were scheduled. Single-threaded.
 *
 * <p>The queue is a hashed timing wheel (Varghese and Lauck, "Hashed and hierarchical timing wheels", SOSP 1987,
 * scheme 4) of one-millisecond slots, each a FIFO list, so scheduling and running an event cost O(1) instead of a
 * heap's O(log n) at the millions of events pending in a 10^5-node run. Events further ahead than the wheel's span
 * wait in a heap and move into the wheel before time reaches them (before any event for the same instant can be
 * scheduled into the wheel, so the FIFO order of an instant is kept).
 */
public final class SimClock implements Clock {
    private static final int WHEEL_BITS = 16; // 65.5 s of 1 ms slots
    private static final int WHEEL = 1 << WHEEL_BITS;
    private static final int MASK = WHEEL - 1;

    private static final class Event implements Comparable<Event>, Cancellable {
        final long at;
        final long order;
        final Runnable task;
        Event next;
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

    // slot (at & MASK) holds the events due at 'at', for at in [cursor, cursor + WHEEL); cursor <= now
    private final Event[] heads = new Event[WHEEL];
    private final Event[] tails = new Event[WHEEL];
    private final PriorityQueue<Event> later = new PriorityQueue<>(); // at >= cursor + WHEEL
    private long cursor;
    private int inWheel;
    private long now;
    private long order;
    private long executed;

    public SimClock() {
        this(0);
    }

    /** Starts virtual time at {@code startMillis}. */
    public SimClock(long startMillis) {
        this.now = startMillis;
        this.cursor = startMillis;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) throw new IllegalArgumentException("negative delay: " + delayMillis);
        Event e = new Event(now + delayMillis, order++, task);
        if (e.at - cursor < WHEEL) append(e);
        else later.add(e);
        return e;
    }

    private void append(Event e) {
        int slot = (int) (e.at & MASK);
        if (heads[slot] == null) heads[slot] = e;
        else tails[slot].next = e;
        tails[slot] = e;
        inWheel++;
    }

    /**
     * The next live event due at or before {@code limit}, left at the head of its slot, or null; moves the cursor
     * (never past {@code limit}) and drops cancelled events on the way.
     */
    private Event peek(long limit) {
        while (true) {
            if (inWheel == 0) {
                if (later.isEmpty()) return null;
                long first = later.peek().at;
                if (first > limit) return null;
                cursor = first;
                admit();
            }
            int slot = (int) (cursor & MASK);
            Event e = heads[slot];
            if (e == null) {
                if (cursor >= limit) return null;
                cursor++;
                admit();
                continue;
            }
            if (!e.cancelled) return e;
            unlink(slot, e);
        }
    }

    /** Moves the heap's events that entered the wheel's span into it. */
    private void admit() {
        while (!later.isEmpty() && later.peek().at - cursor < WHEEL) append(later.poll());
    }

    private void unlink(int slot, Event e) {
        heads[slot] = e.next;
        if (e.next == null) tails[slot] = null;
        e.next = null;
        inWheel--;
    }

    private boolean run(Event e) {
        unlink((int) (e.at & MASK), e);
        now = e.at;
        e.done = true;
        executed++;
        e.task.run();
        return true;
    }

    /** Runs the next event, advancing time to it; false if none is pending. */
    public boolean step() {
        Event e = peek(Long.MAX_VALUE);
        return e != null && run(e);
    }

    /** Runs every event due up to {@code timeMillis}, then sets the time to it. */
    public void runUntil(long timeMillis) {
        if (timeMillis < cursor) {
            now = Math.max(now, timeMillis);
            return;
        }
        Event e;
        while ((e = peek(timeMillis)) != null) run(e);
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
        return inWheel + later.size();
    }

    /** Events run so far. */
    public long executed() {
        return executed;
    }
}
