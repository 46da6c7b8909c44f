package org.peerline.overlay.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.peerline.api.overlay.Id;

/**
 * A node's identity kept in its data folder: an Ed25519 key pair (RFC 8032) and a self-signed X.509 certificate
 * (RFC 5280, Ed25519 per RFC 8410) whose subject is {@code CN=<node id>}. The node id is SHA-1 of the public key's
 * X.509 encoding, so it cannot be chosen freely (the seed used H(ip:port)). Created once, reloaded after.
 *
 * <p>Files: {@code node.key} (PKCS#8 DER, mode 600), {@code node.pub} (X.509 SubjectPublicKeyInfo DER),
 * {@code node.crt} (certificate DER), each written to a temporary file and moved into place. The certificate is
 * built with BouncyCastle (the JDK cannot build certificates) and signed by the JDK's Ed25519; a missing or
 * mismatching certificate is recreated from the key.
 */
public final class Identity {
    public static final String KEY_FILE = "node.key";
    public static final String PUBLIC_FILE = "node.pub";
    public static final String CERT_FILE = "node.crt";
    /** Validity of the self-signed certificate. */
    public static final Duration CERT_VALIDITY = Duration.ofDays(3650);

    private final Signer signer;
    private final X509Certificate certificate;

    private Identity(Signer signer, X509Certificate certificate) {
        this.signer = signer;
        this.certificate = certificate;
    }

    /** Loads the identity in {@code dir}, or creates it (and the folder) the first time. */
    public static Identity loadOrCreate(Path dir) throws IOException {
        return loadOrCreate(dir, Instant.now());
    }

    /** As {@link #loadOrCreate(Path)}, with the time a new certificate starts. */
    public static Identity loadOrCreate(Path dir, Instant now) throws IOException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve(KEY_FILE);
        Signer signer;
        try {
            if (Files.exists(keyFile)) {
                signer = load(keyFile, dir.resolve(PUBLIC_FILE));
            } else {
                signer = Signer.generate();
                write(dir.resolve(PUBLIC_FILE), signer.publicKey());
                write(keyFile, signer.keyPair().getPrivate().getEncoded());
            }
            Path certFile = dir.resolve(CERT_FILE);
            X509Certificate cert = Files.exists(certFile) ? readCertificate(certFile) : null;
            if (cert == null || !Arrays.equals(cert.getPublicKey().getEncoded(), signer.publicKey())) {
                cert = selfSigned(signer, now);
                write(certFile, cert.getEncoded());
            }
            return new Identity(signer, cert);
        } catch (GeneralSecurityException e) {
            throw new IOException("unusable node identity in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Signer signer() {
        return signer;
    }

    public KeyPair keyPair() {
        return signer.keyPair();
    }

    /** The node id: SHA-1 of the public key. */
    public Id id() {
        return signer.id();
    }

    /** The public key, X.509 SubjectPublicKeyInfo (as {@code Overlay.publicKey()}). */
    public byte[] publicKey() {
        return signer.publicKey();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    private static Signer load(Path keyFile, Path publicFile) throws IOException, GeneralSecurityException {
        PrivateKey privateKey = Crypto.privateKey(Files.readAllBytes(keyFile));
        PublicKey publicKey = Crypto.publicKey(Files.readAllBytes(publicFile));
        byte[] probe = "peerline identity check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!Crypto.verify(publicKey.getEncoded(), probe, Crypto.sign(privateKey, probe))) {
            throw new GeneralSecurityException(PUBLIC_FILE + " does not match " + KEY_FILE);
        }
        return new Signer(new KeyPair(publicKey, privateKey));
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (GeneralSecurityException | ClassCastException e) {
            return null; // unreadable: recreated from the key
        }
    }

    /** A self-signed certificate for the node key, subject and issuer CN=&lt;node id&gt; (RFC 5280 §4.1). */
    static X509Certificate selfSigned(Signer signer, Instant now) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + signer.id());
        BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CERT_VALIDITY)), name,
                signer.keyPair().getPublic());
        try {
            byte[] der = builder.build(new JcaContentSignerBuilder(Crypto.ALGORITHM)
                    .build(signer.keyPair().getPrivate())).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot build the node certificate: " + e.getMessage(), e);
        }
    }

    /** Writes a file readable by its owner only (mode 600 where POSIX permissions exist), atomically. */
    private static void write(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("concurrent identity creation in " + file.getParent(), e);
        }
        Files.write(tmp, data);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
