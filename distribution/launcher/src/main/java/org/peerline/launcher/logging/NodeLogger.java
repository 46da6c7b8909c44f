package org.peerline.launcher.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger writing through {@link NodeLog}. */
final class NodeLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient NodeLog log;

    NodeLogger(String name, NodeLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public boolean isTraceEnabled() {
        return log.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return log.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return log.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable t) {
        log.write(name, level, MessageFormatter.basicArrayFormat(pattern, args), t);
    }
}
