package org.frontdesk.reception.patient;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of patient intake. */
@ConfigMapping(prefix = "reception.patient")
public interface PatientConfig {

    /** Identifier system (URI) of the medical record numbers this practice issues. */
    @WithDefault("urn:frontdesk:mrn")
    String mrnSystem();

    /** Text put before the MRN's sequence number, e.g. {@code MRN} gives {@code MRN100001}. */
    @WithDefault("MRN")
    String mrnPrefix();

    /** Page size when a search does not ask for one. */
    @WithDefault("20")
    int defaultPageSize();

    /** Largest page a search may ask for. */
    @WithDefault("100")
    int maxPageSize();

    /**
     * The version of the policy texts in force (privacy notice, financial policy, SMS and e-mail
     * terms), recorded with a consent that does not name one, e.g. when the desk ticks "SMS".
     */
    @WithDefault("1")
    String consentPolicyVersion();

    /** Where the policy texts are published; a FHIR Consent's policy.uri is {@code <base>/<kind>/<version>}. */
    @WithDefault("https://practice.example/policies")
    String consentPolicyBase();
}
