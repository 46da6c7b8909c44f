package org.peerline.api.codec;

/** A payload could not be decoded; the message names the problem. */
public class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }
}
