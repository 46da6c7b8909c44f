package org.peerline.sip.proxy;

import java.util.PriorityQueue;
import org.peerline.sip.transaction.Scheduler;

/** Virtual time for tests of Timer C (RFC 3261 §16.6 step 11, §16.8): timers fire only when the test advances it. */
final class VirtualClock implements Scheduler {
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
    void advance(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task t = queue.poll();
            now = t.at;
            if (!t.cancelled[0]) t.run.run();
        }
        now = end;
    }
}
