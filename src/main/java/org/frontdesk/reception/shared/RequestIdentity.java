package org.frontdesk.reception.shared;

/**
 * Who is calling, as the shared machinery needs to know it: the client application and the
 * user (token subject) on whose behalf it calls. Implemented by the security feature's caller.
 */
public interface RequestIdentity {

    /** Stable id of the calling client application. */
    String clientId();

    /** The token's subject: a person at the desk, or a system. */
    String subject();
}
