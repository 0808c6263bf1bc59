package org.frontdesk.reception.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/**
 * Mints bearer tokens for tests with the test key (the app verifies them with
 * {@code test-keys/public.pem}), plus the bad ones the app must refuse.
 */
public final class Tokens {

    public static final String ISSUER = "https://test.frontdesk.local";
    public static final String AUDIENCE = "frontdesk-api";
    /** Every SMART system interaction on every resource type. */
    public static final String ALL_SCOPES = "system/*.cruds";

    private static final PrivateKey KEY = load("test-keys/private.pem");
    private static final PrivateKey STRANGER = load("test-keys/stranger-private.pem");

    private Tokens() {
    }

    public static String frontDesk() {
        return of(Roles.FRONT_DESK, "desk-user-1", null);
    }

    public static String billing() {
        return of(Roles.BILLING, "billing-user-1", null);
    }

    public static String admin() {
        return of(Roles.ADMIN, "admin-user-1", null);
    }

    public static String ehr() {
        return ehr(ALL_SCOPES);
    }

    public static String ehr(String scopes) {
        return of(Roles.EHR_SYSTEM, "ehr-system-1", scopes);
    }

    /** A token for a role, with a subject and optional SMART scopes, signed by the trusted key. */
    public static String of(String role, String subject, String scopes) {
        var b = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(role))
                .claim("azp", subject + "-client").expiresIn(3600);
        if (scopes != null) {
            b.claim("scope", scopes);
        }
        return b.jws().keyId("test").sign(KEY);
    }

    /** A system client (azp = clientId) holding roles, e.g. an insurer whose client id is its payer id. */
    public static String forClient(String clientId, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(clientId).groups(Set.of(roles))
                .claim("azp", clientId).expiresIn(3600).sign(KEY);
    }

    /** A desk user signed in through a shared client application (the frontend), e.g. two receptionists. */
    public static String frontDeskUserOf(String client, String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(Roles.FRONT_DESK))
                .claim("azp", client).expiresIn(3600).sign(KEY);
    }

    /** A person holding several roles, e.g. a desk supervisor who may approve overbookings. */
    public static String withRoles(String subject, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(roles))
                .claim("azp", subject + "-client").expiresIn(3600).sign(KEY);
    }

    public static String expired() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("late").groups(Set.of(Roles.FRONT_DESK))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign(KEY);
    }

    /** Not expired, but issued longer ago than the maximum token age (an hour). */
    public static String tooOld() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("old").groups(Set.of(Roles.FRONT_DESK))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().plusSeconds(3600)).sign(KEY);
    }

    public static String wrongIssuer() {
        return Jwt.issuer("https://evil.example").audience(AUDIENCE).subject("x").groups(Set.of(Roles.FRONT_DESK))
                .expiresIn(3600).sign(KEY);
    }

    public static String wrongAudience() {
        return Jwt.issuer(ISSUER).audience("another-api").subject("x").groups(Set.of(Roles.FRONT_DESK))
                .expiresIn(3600).sign(KEY);
    }

    public static String badSignature() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("x").groups(Set.of(Roles.FRONT_DESK))
                .expiresIn(3600).sign(STRANGER);
    }

    private static PrivateKey load(String resource) {
        try {
            return KeyUtils.readPrivateKey(resource);
        } catch (Exception e) {
            throw new IllegalStateException("test key " + resource, e);
        }
    }
}
