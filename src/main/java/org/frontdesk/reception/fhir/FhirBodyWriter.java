package org.frontdesk.reception.fhir;

import jakarta.inject.Inject;
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
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        parser.encodeResourceToWriter(resource, writer);
        writer.flush();
    }
}
