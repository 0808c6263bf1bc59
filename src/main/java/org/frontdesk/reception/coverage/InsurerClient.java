package org.frontdesk.reception.coverage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An insurer's FHIR endpoint as the typed REST client sees it. Bodies travel as text so that a
 * malformed answer is ours to read and record, not a client exception. One instance per payer,
 * built with that payer's base URL, timeouts and credentials.
 */
@Path("")
public interface InsurerClient {

    @POST
    @Path("/CoverageEligibilityRequest/$submit")
    @Consumes("application/fhir+json")
    @Produces({"application/fhir+json", MediaType.APPLICATION_JSON})
    Response submitEligibility(String coverageEligibilityRequest);

    /** A claim (Claim or Bundle); the key is the same for every resend of one claim version. */
    @POST
    @Path("/Claim/$submit")
    @Consumes("application/fhir+json")
    @Produces({"application/fhir+json", MediaType.APPLICATION_JSON})
    Response submitClaim(String claim, @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey);

    /** An X12 clearinghouse: an 837P interchange, with the key of the claim version it carries. */
    @POST
    @Path("/claims")
    @Consumes("application/edi-x12")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "application/edi-x12"})
    Response submitX12(String interchange, @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey);

    /** An X12 clearinghouse: the files waiting for us (999, 277CA, 835), as a JSON list of {id, type}. */
    @jakarta.ws.rs.GET
    @Path("/responses")
    @Produces(MediaType.APPLICATION_JSON)
    Response responses();

    /** An X12 clearinghouse: one waiting file. */
    @jakarta.ws.rs.GET
    @Path("/responses/{id}")
    @Produces({"application/edi-x12", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    Response response(@jakarta.ws.rs.PathParam("id") String id);

    /** An X12 clearinghouse: a file we have taken, no longer to be listed. */
    @jakarta.ws.rs.DELETE
    @Path("/responses/{id}")
    Response acknowledge(@jakarta.ws.rs.PathParam("id") String id);

    /** An X12 clearinghouse, in real time: a 270 eligibility inquiry, answered by a 271. */
    @POST
    @Path("/eligibility")
    @Consumes("application/edi-x12")
    @Produces({"application/edi-x12", MediaType.TEXT_PLAIN})
    Response eligibility(String inquiry270);

    /** An X12 clearinghouse, in real time: a 276 claim status inquiry, answered by a 277. */
    @POST
    @Path("/claim-status")
    @Consumes("application/edi-x12")
    @Produces({"application/edi-x12", MediaType.TEXT_PLAIN})
    Response claimStatus(String inquiry276);

    /** OAuth2 client credentials grant, against the payer's token URL (its own client instance). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
                   @FormParam("client_secret") String clientSecret);
}
