package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads a request body of any declared type into an {@link Upload} ({@link Uploads#spool}): the
 * type is judged by the content, and a body that is not what it says is refused there (415), so
 * the message names the types taken.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class UploadReader implements MessageBodyReader<Upload> {

    @Inject Uploads uploads;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Upload.class;
    }

    @Override
    public Upload readFrom(Class<Upload> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) {
        return uploads.spool(entity, headers.getFirst("Content-Type"));
    }
}
