package org.frontdesk.reception.coverage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.CoverageEligibilityRequest;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.UUID;

/**
 * {@code CoverageEligibilityRequest/$submit}: asks the payer now, through the same checks as the
 * desk's, and answers with the CoverageEligibilityResponse. The question is kept before the payer
 * is called (its own transaction), and the call runs outside any transaction.
 */
@ApplicationScoped
class EligibilityFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("CoverageEligibilityRequest")
            .operation("submit", "http://hl7.org/fhir/OperationDefinition/CoverageEligibilityRequest-submit", 'c',
                    AuditAction.EXECUTE, false, false)
            .build();

    @Inject EligibilityService eligibility;
    @Inject CoverageService coverages;
    @Inject EligibilityFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Response operation(ResourceCapability.Operation op, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        if (!(body instanceof CoverageEligibilityRequest request)) {
            throw ProblemException.badRequest("$submit takes a CoverageEligibilityRequest.",
                    List.of(new FieldError("resourceType", "must be CoverageEligibilityRequest")));
        }
        EligibilityFhirMapper.Asked asked = mapper.asked(request);
        if (asked.coverageId() == null || !asked.coverageId().startsWith("Coverage/")) {
            throw ProblemException.badRequest("The request must name one of our coverages.", List.of(new FieldError(
                    "CoverageEligibilityRequest.insurance.coverage", "must reference Coverage/<id>")));
        }
        UUID coverageId = FhirSearch.id(asked.coverageId().substring("Coverage/".length()), "Coverage");
        EligibilityCheck asking = QuarkusTransaction.requiringNew().call(() ->
                eligibility.start(coverageId, asked.benefitCategory(), asked.serviceDate()));
        EligibilityCheck done = eligibility.run(asking.id, asking.leaseToken);
        return Response.ok(QuarkusTransaction.requiringNew().call(() -> mapper.response(done, coverages.get(coverageId))))
                .build();
    }
}
