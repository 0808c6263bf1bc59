package org.frontdesk.reception.fhir;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;

/**
 * Prepares FHIR requests before matching: honours {@code _format} ({@code json}, {@code xml},
 * or a media type) by turning it into the Accept header, and accepts an operation name whose
 * {@code $} was percent-encoded by the client ({@code /Patient/%24match}).
 */
public class FhirRequestNormalizer {

    @ServerRequestFilter(preMatching = true)
    public void normalize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/fhir")) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        if (uri.getRawPath() != null && uri.getRawPath().contains("/%24")) {
            request.setRequestUri(URI.create(uri.toString().replace("/%24", "/$")));
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
