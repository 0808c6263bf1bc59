package org.frontdesk.reception.fhir;

import jakarta.ws.rs.core.MediaType;

/** The media types of the FHIR face. */
public final class FhirMediaTypes {

    public static final String FHIR_JSON = "application/fhir+json";
    public static final String FHIR_XML = "application/fhir+xml";
    public static final MediaType FHIR_JSON_TYPE = MediaType.valueOf(FHIR_JSON);
    public static final MediaType FHIR_XML_TYPE = MediaType.valueOf(FHIR_XML);

    private FhirMediaTypes() {
    }

    /** XML when the media type is any XML flavour; JSON otherwise. */
    public static boolean isXml(MediaType type) {
        return type != null && (type.getSubtype().endsWith("xml"));
    }
}
