package org.peerline.api.overlay;

/** An overlay operation failed: a timeout, a rejected write, no route; the message says which. */
public class OverlayException extends Exception {
    private static final long serialVersionUID = 1L;

    public OverlayException(String message) {
        super(message);
    }

    public OverlayException(String message, Throwable cause) {
        super(message, cause);
    }
}
