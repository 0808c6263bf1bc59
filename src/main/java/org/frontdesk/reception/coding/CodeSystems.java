package org.frontdesk.reception.coding;

import java.util.Map;

/** The code systems we hold, by our short name and by their canonical FHIR URL. */
public final class CodeSystems {

    public static final String ICD10CM = "icd-10-cm";
    public static final String HCPCS = "hcpcs";
    public static final String CPT = "cpt";

    public static final Map<String, String> URL = Map.of(
            ICD10CM, "http://hl7.org/fhir/sid/icd-10-cm",
            HCPCS, "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            CPT, "http://www.ama-assn.org/go/cpt");

    private CodeSystems() {
    }

    /** Our short name for a FHIR code system URL, or null. */
    public static String byUrl(String url) {
        return URL.entrySet().stream().filter(e -> e.getValue().equals(url)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** The procedure code system a code's shape says: five digits (or four and a letter) CPT, else HCPCS. */
    public static String procedureSystem(String code) {
        return code.length() == 5 && Character.isDigit(code.charAt(0)) ? CPT : HCPCS;
    }
}
