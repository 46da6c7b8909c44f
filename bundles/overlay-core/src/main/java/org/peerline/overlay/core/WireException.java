package org.peerline.overlay.core;

/** A message or field could not be decoded (or encoded within its bounds); the message says what was wrong. */
public class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
