package org.peerline.api.locator;

/** A resolution or a location-store operation failed; the message names the name or AOR and the cause. */
public class LocatorException extends Exception {
    private static final long serialVersionUID = 1L;

    public LocatorException(String message) {
        super(message);
    }

    public LocatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
