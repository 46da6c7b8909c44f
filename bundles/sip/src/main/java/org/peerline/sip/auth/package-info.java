/**
 * HTTP Digest authentication for SIP, client and server: RFC 2617, RFC 7616, RFC 3261 §22 and RFC 8760 (SHA-256
 * and SHA-512/256 in SIP). Plain Java: it reads and writes header <em>values</em> ({@code WWW-Authenticate},
 * {@code Proxy-Authenticate}, {@code Authorization}, {@code Proxy-Authorization}), so the SIP message layer plugs
 * it in without this package depending on it.
 */
package org.peerline.sip.auth;
