package org.frontdesk.reception.fhir;

import jakarta.inject.Inject;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Reads FHIR resources from {@code application/fhir+json} and {@code application/fhir+xml} bodies, strictly. */
@Provider
@Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML,
        MediaType.TEXT_XML})
public class FhirBodyReader implements MessageBodyReader<IBaseResource> {

    @Inject FhirContext fhir;
    @Inject jakarta.enterprise.inject.Instance<io.vertx.ext.web.RoutingContext> routing;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    /**
     * The resource type a body sent to {@code /fhir/Type} or {@code /fhir/Type/id} must be (a
     * create or an update); null for Bundles, operations and anything else.
     */
    private String typeOfTheUrl() {
        if (!routing.isResolvable()) {
            return null;
        }
        String path = routing.get().normalizedPath();
        String[] parts = path.split("/");
        if (parts.length < 3 || parts.length > 4 || !parts[1].equals("fhir")
                || (parts.length == 4 && (parts[3].startsWith("$") || parts[3].startsWith("%24")
                || parts[3].startsWith("_")))) {
            return null;
        }
        return fhir.getResourceTypes().contains(parts[2]) ? parts[2] : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public IBaseResource readFrom(Class<IBaseResource> type, Type genericType, Annotation[] annotations,
                                  MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entity) {
        boolean generic = type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers());
        String expected = generic ? typeOfTheUrl() : fhir.getResourceType(type);
        if (generic && expected != null) {
            type = (Class<IBaseResource>) fhir.getResourceDefinition(expected).getImplementingClass();
        }
        IParser parser = FhirMediaTypes.isXml(mediaType) ? fhir.newXmlParser() : fhir.newJsonParser();
        parser.setParserErrorHandler(new StrictParseErrors(expected));
        try {
            var reader = new InputStreamReader(entity, StandardCharsets.UTF_8);
            return expected == null ? parser.parseResource(reader) : parser.parseResource(type, reader);
        } catch (FhirParseException e) {
            throw e;
        } catch (DataFormatException e) {
            throw new FhirParseException(StrictParseErrors.strip(e.getMessage()), expected);
        } catch (RuntimeException e) {
            throw new FhirParseException("The body is not a readable FHIR resource.", expected);
        }
    }
}
