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
}
