package org.frontdesk.reception.fhir;

import jakarta.inject.Inject;
import jakarta.enterprise.inject.Instance;
import io.vertx.ext.web.RoutingContext;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Writes FHIR resources as {@code application/fhir+json} or {@code application/fhir+xml}. */
@Provider
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML,
        MediaType.TEXT_XML})
public class FhirBodyWriter implements MessageBodyWriter<IBaseResource> {

    @Inject FhirContext fhir;
    @Inject Instance<RoutingContext> routing;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(IBaseResource resource, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out)
            throws IOException {
        boolean xml = FhirMediaTypes.isXml(mediaType);
        httpHeaders.putSingle("Content-Type", (xml ? FhirMediaTypes.FHIR_XML : FhirMediaTypes.FHIR_JSON) + ";charset=UTF-8");
        IParser parser = xml ? fhir.newXmlParser() : fhir.newJsonParser();
        shape(parser, resource);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        parser.encodeResourceToWriter(resource, writer);
        writer.flush();
    }

    /**
     * {@code _summary=true} and {@code _elements} of the request: the summary elements only, or
     * the named top-level elements only (of each resource in a Bundle). The id and meta stay, and
     * the resource is marked SUBSETTED, as FHIR asks.
     */
    private void shape(IParser parser, IBaseResource resource) {
        if (!routing.isResolvable() || resource instanceof org.hl7.fhir.r4.model.OperationOutcome
                || resource instanceof org.hl7.fhir.r4.model.CapabilityStatement) {
            return;
        }
        RoutingContext rc;
        try {
            rc = routing.get();
        } catch (RuntimeException e) {
            return;
        }
        if (rc == null || !rc.request().path().startsWith("/fhir")) {
            return;
        }
        String summary = rc.queryParams().get("_summary");
        String elements = rc.queryParams().get("_elements");
        boolean bundle = resource instanceof org.hl7.fhir.r4.model.Bundle;
        if ("true".equals(summary)) {
            parser.setSummaryMode(true);
        } else if ("text".equals(summary)) {
            parser.setEncodeElements(java.util.Set.of("*.text", "*.id", "*.meta"));
        } else if ("data".equals(summary)) {
            parser.setSuppressNarratives(true);
        }
        if (elements != null && !elements.isBlank() && summary == null) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (String e : elements.split(",")) {
                String name = e.trim();
                if (name.matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
                    names.add("*." + name);
                }
            }
            if (!names.isEmpty()) {
                parser.setEncodeElements(names);
                parser.setEncodeElementsAppliesToChildResourcesOnly(bundle);
            }
        }
    }
}
