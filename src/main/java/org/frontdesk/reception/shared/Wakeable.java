package org.frontdesk.reception.shared;

import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Background work that runs on a thread of its own when woken: wakes that come while it runs or
 * waits to run make one more run, not one each, and a wake is never lost (one that comes during
 * a run starts another after it). A failed run is logged; the next wake tries again. Used by the
 * notification publisher, the deliverer and the desk feed, each woken by commits (LISTEN/NOTIFY)
 * and by a poll.
 */
public final class Wakeable {

    private static final Logger LOG = Logger.getLogger(Wakeable.class);

    private final String name;
    private final Runnable work;
    private final ExecutorService thread;
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopped;

    public Wakeable(String name, Runnable work) {
        this.name = name;
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the work soon, on its thread. */
    public void wake() {
        if (!stopped && wanted.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException e) {
                wanted.set(false);
            }
        }
    }

    private void run() {
        wanted.set(false); // a wake from here on makes another run
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warnf("%s failed (tried again on the next wake): %s", name, e.getClass().getName());
        }
    }

    /** Whether {@link #stop} was called: long work checks it between batches. */
    public boolean stopped() {
        return stopped;
    }

    /** Runs nothing more; a run in progress finishes. */
    public void stop() {
        stopped = true;
        thread.shutdown();
    }
}
