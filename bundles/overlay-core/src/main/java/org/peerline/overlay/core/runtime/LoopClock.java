package org.peerline.overlay.core.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.peerline.overlay.core.Cancellable;
import org.peerline.overlay.core.Clock;

/**
 * A node's event loop and wall clock (DESIGN.md, threading): one daemon thread, {@code peerline-overlay-<port>},
 * that runs every task and timer of one node in order, so the node's core needs no locks. A task that throws is
 * counted ({@link #failures()}) and does not stop the loop. After {@link #close()} scheduling is a no-op.
 */
public final class LoopClock implements Clock, Executor, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong failures = new AtomicLong();
    private volatile Thread thread;

    public LoopClock(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The loop of the node listening on {@code port}: thread {@code peerline-overlay-<port>}. */
    public static LoopClock forPort(int port) {
        return new LoopClock("peerline-overlay-" + port);
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        try {
            ScheduledFuture<?> f = executor.schedule(guard(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> false;
        }
    }

    /** Runs {@code task} on the loop as soon as possible; dropped once closed. */
    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    /** Runs {@code task} on the loop and waits for its result at most {@code timeout} (at once if on the loop). */
    public <T> T call(Callable<T> task, Duration timeout) throws Exception {
        if (Thread.currentThread() == thread) return task.call();
        if (executor.isShutdown()) throw new IllegalStateException("overlay loop closed");
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the overlay loop within " + timeout.toSeconds() + " s");
        }
    }

    /** Tasks that threw. */
    public long failures() {
        return failures.get();
    }

    public boolean isClosed() {
        return executor.isShutdown();
    }

    /** Stops the thread; pending tasks and timers are dropped. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failures.incrementAndGet();
            }
        };
    }
}
