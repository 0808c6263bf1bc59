package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.CoverageEligibilityRequest;
import org.hl7.fhir.r4.model.CoverageEligibilityResponse;

import java.util.List;
import java.util.UUID;

/**
 * {@code CoverageEligibilityRequest/$submit}: an EHR asks about one of our coverages
 * ({@code insurance.coverage} = {@code Coverage/<id>}, {@code servicedDate},
 * {@code item.category}); we send our own request to the payer and answer with the insurer's
 * CoverageEligibilityResponse, or, when it failed or could not be reached, an error outcome
 * saying why.
 */
@Path("/fhir/CoverageEligibilityRequest")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class EligibilityFhirResource implements FhirCapabilitySource {

    @Inject EligibilityService eligibility;
    @Inject CoverageService coverages;
    @Inject EligibilityFhirMapper mapper;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("CoverageEligibilityRequest", null, List.of(), false, List.of(),
                List.of(new ResourceCapability.Operation("submit",
                        "http://hl7.org/fhir/OperationDefinition/CoverageEligibilityRequest-submit")));
    }

    @POST
    @Path("/$submit")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    @SmartScope(resource = "CoverageEligibilityRequest", interaction = 'c')
    @Audited(resource = "Coverage", action = AuditAction.EXECUTE)
    public CoverageEligibilityResponse submit(
            @NotNull(message = ExceptionMappers.BODY_REQUIRED) CoverageEligibilityRequest request) {
        EligibilityFhirMapper.Asked asked = mapper.asked(request);
        if (asked.coverageId() == null || !asked.coverageId().startsWith("Coverage/")) {
            throw ProblemException.badRequest("The request must name one of our coverages.", List.of(new FieldError(
                    "CoverageEligibilityRequest.insurance.coverage", "must reference Coverage/<id>")));
        }
        UUID coverageId = FhirSearch.id(asked.coverageId().substring("Coverage/".length()), "Coverage");
        EligibilityCheck asking = QuarkusTransaction.requiringNew().call(() ->
                eligibility.start(coverageId, asked.benefitCategory(), asked.serviceDate()));
        EligibilityCheck done = eligibility.run(asking.id, asking.leaseToken);
        return mapper.response(done, coverages.get(coverageId));
    }
}
