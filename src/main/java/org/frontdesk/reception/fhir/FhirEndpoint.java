package org.frontdesk.reception.fhir;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The FHIR RESTful API at {@code /fhir}: the URL patterns of the specification, each handed to
 * the {@link FhirEngine} (one resource type's interactions) or {@link FhirBundles} (a batch or
 * transaction). Who may call what is decided per type and interaction by the engine.
 */
@Path("/fhir")
@Authenticated
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
public class FhirEndpoint {

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final String PREFER = "Prefer";

    @Inject FhirEngine engine;
    @Inject FhirBundles bundles;

    @POST
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response bundle(Resource body, @HeaderParam(PREFER) String prefer, @Context UriInfo uri) {
        if (!(body instanceof Bundle b)) {
            throw ProblemException.badRequest("POST /fhir takes a Bundle of type transaction or batch.",
                    List.of(new FieldError("resourceType", "must be Bundle")));
        }
        return bundles.process(b, base(uri), prefer);
    }

    @GET
    @Path("{type}")
    public Response search(@PathParam("type") String type, @Context UriInfo uri) {
        return engine.search(type(type), uri.getQueryParameters(), uri.getRequestUriBuilder(), base(uri));
    }

    @POST
    @Path("{type}")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response create(@PathParam("type") String type, Resource body, @HeaderParam("If-None-Exist") String ifNoneExist,
                           @HeaderParam(PREFER) String prefer, @Context UriInfo uri) {
        return minimal(engine.create(type(type), body, ifNoneExist, base(uri)), prefer);
    }

    @PUT
    @Path("{type}")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response conditionalUpdate(@PathParam("type") String type, Resource body,
                                      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                      @HeaderParam(PREFER) String prefer, @Context UriInfo uri) {
        String criteria = uri.getRequestUri().getRawQuery();
        return minimal(engine.conditionalUpdate(type(type), criteria, body, ifMatch, base(uri)), prefer);
    }

    /** {@code /Type/id}, {@code /Type/_history} and type operations {@code /Type/$op}. */
    @GET
    @Path("{type}/{id}")
    public Response read(@PathParam("type") String type, @PathParam("id") String id, @Context UriInfo uri,
                         @Context HttpHeaders headers) {
        if (id.equals("_history")) {
            return engine.history(type(type), null, uri);
        }
        if (id.startsWith("$")) {
            return engine.operation(type(type), null, id.substring(1), false, null, uri.getQueryParameters(), base(uri));
        }
        return engine.read(type(type), id, asStored(uri, headers));
    }

    /**
     * Whether the answer may be the JSON stored with the record's version, as it is: the client's
     * first choice (by q-value, every Accept header) is JSON or anything, and nothing asks for it
     * shaped ({@code _format}, {@code _summary}, {@code _elements}, {@code _pretty}).
     */
    private static boolean asStored(UriInfo uri, HttpHeaders headers) {
        if (!uri.getQueryParameters().isEmpty()) {
            return false;
        }
        List<MediaType> wanted = headers.getAcceptableMediaTypes();
        if (wanted.isEmpty()) {
            return true;
        }
        MediaType first = wanted.get(0);
        return first.isWildcardType() || first.getSubtype().equals("json") || first.getSubtype().endsWith("+json");
    }

    /** {@code POST /Type/$op} with a Parameters (or resource) body. */
    @POST
    @Path("{type}/{id}")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response typeOperation(@PathParam("type") String type, @PathParam("id") String op, Resource body,
                                  @Context UriInfo uri) {
        if (!op.startsWith("$")) {
            throw FhirEngine.unsupported(type, "POST to an instance (PUT updates it; operations start with $)");
        }
        return engine.operation(type(type), null, op.substring(1), true, body, uri.getQueryParameters(), base(uri));
    }

    /** {@code POST /Type/_search}: a search with its parameters in a form body. */
    @POST
    @Path("{type}/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response searchByPost(@PathParam("type") String type, @PathParam("id") String search,
                                 MultivaluedMap<String, String> form, @Context UriInfo uri) {
        if (!search.equals("_search")) {
            throw FhirEngine.unsupported(type, "a form body here (POST /" + type + "/_search searches)");
        }
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>(uri.getQueryParameters());
        form.forEach((k, v) -> v.forEach(x -> params.add(k, x)));
        return engine.search(type(type), params, uri.getBaseUriBuilder().path("fhir").path(type), base(uri));
    }

    @PUT
    @Path("{type}/{id}")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response update(@PathParam("type") String type, @PathParam("id") String id, Resource body,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(PREFER) String prefer,
                           @Context UriInfo uri) {
        return minimal(engine.update(type(type), id, body, ifMatch, base(uri)), prefer);
    }

    @PATCH
    @Path("{type}/{id}")
    @Consumes({"application/json-patch+json"})
    public Response patch(@PathParam("type") String type, @PathParam("id") String id, String patch,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(PREFER) String prefer,
                          @Context UriInfo uri) {
        return minimal(engine.patch(type(type), id, patch, ifMatch, base(uri)), prefer);
    }

    @DELETE
    @Path("{type}/{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return engine.delete(type(type), id, ifMatch);
    }

    /** {@code /Type/id/_history} and instance operations {@code /Type/id/$op}. */
    @GET
    @Path("{type}/{id}/{what}")
    public Response instance(@PathParam("type") String type, @PathParam("id") String id, @PathParam("what") String what,
                             @Context UriInfo uri) {
        if (what.equals("_history")) {
            return engine.history(type(type), id, uri);
        }
        if (what.startsWith("$")) {
            return engine.operation(type(type), id, what.substring(1), false, null, uri.getQueryParameters(), base(uri));
        }
        throw FhirEngine.unsupported(type, what);
    }

    @POST
    @Path("{type}/{id}/{what}")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public Response instanceOperation(@PathParam("type") String type, @PathParam("id") String id,
                                      @PathParam("what") String op, Resource body, @Context UriInfo uri) {
        if (!op.startsWith("$")) {
            throw FhirEngine.unsupported(type, "POST " + op);
        }
        return engine.operation(type(type), id, op.substring(1), true, body, uri.getQueryParameters(), base(uri));
    }

    @GET
    @Path("{type}/{id}/_history/{vid}")
    public Response vread(@PathParam("type") String type, @PathParam("id") String id, @PathParam("vid") String vid) {
        return engine.vread(type(type), id, vid);
    }

    private static String type(String type) {
        if (!TYPE.matcher(type).matches()) {
            throw ProblemException.notFound("resource type", type.length() > 64 ? type.substring(0, 64) : type);
        }
        return type;
    }

    private static String base(UriInfo uri) {
        return uri.getBaseUriBuilder().path("fhir").build().toString();
    }

    /** {@code Prefer: return=minimal}: the status and headers without the body. */
    private static Response minimal(Response r, String prefer) {
        if (prefer != null && prefer.contains("return=minimal") && r.getEntity() != null) {
            return Response.fromResponse(r).entity(null).build();
        }
        return r;
    }
}
