package org.frontdesk.reception.shared;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Renders a {@link Problem} in the format of one face. The {@code /api} face's problem+json is
 * the default; the FHIR face contributes its OperationOutcome renderer (shared must not know FHIR).
 */
public interface ErrorRenderer {

    /** True when requests to this path (without leading slash, e.g. {@code fhir/Patient}) are answered by this renderer. */
    boolean renders(String path);

    Response render(Problem problem, HttpHeaders headers);
}
