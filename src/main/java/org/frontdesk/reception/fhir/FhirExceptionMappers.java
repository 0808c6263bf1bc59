package org.frontdesk.reception.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.shared.Errors;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** A FHIR body that could not be read is a 400 with the element's FHIRPath. */
public class FhirExceptionMappers {

    @Inject Errors errors;

    @ServerExceptionMapper
    public Response unreadable(FhirParseException e, UriInfo uri, HttpHeaders headers) {
        Problem problem = Problem.of(400, "/problems/invalid-fhir", "Invalid FHIR resource", e.getMessage())
                .withErrors(List.of(new FieldError(e.expression(), e.getMessage())));
        return errors.render(problem, uri.getPath(), headers);
    }
}
