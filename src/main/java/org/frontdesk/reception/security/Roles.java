package org.frontdesk.reception.security;

/** The roles a token can carry (in its {@code groups} claim), and what each is for. */
public final class Roles {

    /** Reception: patients, coverage, scheduling. */
    public static final String FRONT_DESK = "front-desk";
    /** Billing desk: coding, claims; reads patients and coverage. */
    public static final String BILLING = "billing";
    /** An EHR system on the /fhir face, limited further by SMART system scopes. */
    public static final String EHR_SYSTEM = "ehr-system";
    /** Code-set loads, payer directory, configuration, the audit trail. */
    public static final String ADMIN = "admin";
    /** An insurer's system reporting on claims later (ClaimResponse callbacks on /fhir). */
    public static final String INSURER = "insurer";
    /** The messaging provider, posting patients' replies to reminders. */
    public static final String MESSAGING = "messaging";

    private Roles() {
    }
}
