package org.frontdesk.reception.fhir;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Honours FHIR's {@code _format} parameter ({@code json}, {@code xml}, or a media type) by
 * turning it into the Accept header before content negotiation.
 */
public class FormatParameter {

    @ServerRequestFilter(preMatching = true)
    public void applyFormat(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/fhir")) {
            return;
        }
        String format = request.getUriInfo().getQueryParameters().getFirst("_format");
        if (format == null || format.isBlank()) {
            return;
        }
        String accept = switch (format.trim().toLowerCase()) {
            case "json", "application/json", "application/fhir+json" -> FhirMediaTypes.FHIR_JSON;
            case "xml", "text/xml", "application/xml", "application/fhir+xml" -> FhirMediaTypes.FHIR_XML;
            default -> "application/x-unsupported-format";
        };
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept);
    }
}
