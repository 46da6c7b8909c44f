package org.peerline.core.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards OSGi Log Service entries (SCR, FileInstall, ConfigAdmin report through it) to slf4j, so that the node
 * has one log. Only under Peerline's own launcher (framework property {@code peerline.data}); a container such as
 * Karaf already routes OSGi logging itself.
 */
@Component(immediate = true, service = {})
public class LogBridge implements LogListener {
    private final boolean enabled;

    @Activate
    public LogBridge(BundleContext context) {
        enabled = context.getProperty("peerline.data") != null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReader(LogReaderService reader) {
        if (!enabled) return;
        // problems logged before this component started (e.g. a component of this bundle that failed to
        // activate) are in the reader's history, newest first: replay the warnings and errors, oldest first
        List<LogEntry> earlier = new ArrayList<>();
        for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements(); ) {
            LogEntry entry = e.nextElement();
            if (!entry.getLogLevel().implies(LogLevel.INFO)) earlier.add(0, entry);
        }
        earlier.forEach(this::logged);
        reader.addLogListener(this);
    }

    void removeReader(LogReaderService reader) {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry e) {
        // framework events (BundleEvent STARTED, ServiceEvent REGISTERED, ...) are noise unless they report errors
        if (e.getLoggerName() != null && e.getLoggerName().startsWith("Events.")
                && e.getLogLevel().implies(LogLevel.INFO)) {
            return;
        }
        String name = e.getBundle() == null ? "osgi" : e.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger(name);
        String msg = e.getMessage();
        Throwable t = e.getException();
        switch (e.getLogLevel()) {
            case AUDIT, ERROR -> log.error(msg, t);
            case WARN -> log.warn(msg, t);
            case INFO -> log.info(msg, t);
            default -> log.debug(msg, t);
        }
    }
}
