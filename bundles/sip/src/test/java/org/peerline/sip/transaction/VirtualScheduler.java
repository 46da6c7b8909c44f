package org.peerline.sip.transaction;

import java.util.PriorityQueue;

/** Virtual time for tests: timers fire only when the test advances the clock. */
public final class VirtualScheduler implements Scheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    @Override
    public long now() {
        return now;
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every timer due within {@code millis}, in order, moving the clock. */
    public void advance(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled[0]) t.run.run();
        }
        now = end;
    }
}
