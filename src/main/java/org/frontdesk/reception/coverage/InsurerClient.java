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

    /** OAuth2 client credentials grant, against the payer's token URL (its own client instance). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
                   @FormParam("client_secret") String clientSecret);
}
