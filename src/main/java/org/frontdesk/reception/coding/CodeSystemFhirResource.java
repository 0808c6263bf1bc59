package org.frontdesk.reception.coding;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code CodeSystem/$validate-code} and {@code CodeSystem/$lookup} for ICD-10-CM, HCPCS and a
 * loaded CPT, answered from the version valid on {@code date} (the date of service; today when
 * left out).
 */
@Path("/fhir/CodeSystem")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class CodeSystemFhirResource implements FhirCapabilitySource {

    @Inject CodeValidator codes;
    @Inject Clock clock;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("CodeSystem", null, List.of(), false, List.of(),
                List.of(new ResourceCapability.Operation("validate-code",
                                "http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code"),
                        new ResourceCapability.Operation("lookup",
                                "http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup")));
    }

    /** {@code url} (or {@code system}), {@code code}, {@code date}: result, message and display. */
    @GET
    @Path("/$validate-code")
    @SmartScope(resource = "CodeSystem", interaction = 'r')
    public Parameters validateCode(@QueryParam("url") String url, @QueryParam("system") String system,
                                   @QueryParam("code") String code, @QueryParam("date") String date) {
        CodeValidator.Result r = check(url != null ? url : system, code, date);
        Parameters out = new Parameters();
        boolean ok = r.valid() && r.findings().stream().noneMatch(f -> f.severity().equals("error"));
        out.addParameter("result", new BooleanType(ok));
        if (!r.findings().isEmpty()) {
            out.addParameter("message", new StringType(r.findings().stream().map(Finding::message)
                    .collect(Collectors.joining(" "))));
        }
        if (r.longTitle() != null) {
            out.addParameter("display", new StringType(r.longTitle()));
        }
        if (r.version() != null) {
            out.addParameter("version", new StringType(r.version()));
        }
        return out;
    }

    /** {@code system}, {@code code}, {@code date}: name, version, display, short title and the billable property. */
    @GET
    @Path("/$lookup")
    @SmartScope(resource = "CodeSystem", interaction = 'r')
    public Parameters lookup(@QueryParam("system") String system, @QueryParam("code") String code,
                             @QueryParam("date") String date) {
        CodeValidator.Result r = check(system, code, date);
        if (!r.found()) {
            throw new ProblemException(Problem.of(404, "/problems/unknown-code", "Code not found",
                    r.findings().isEmpty() ? "Unknown code." : r.findings().get(0).message()));
        }
        Parameters out = new Parameters();
        out.addParameter("name", new StringType(r.system().toUpperCase()));
        out.addParameter("version", new StringType(r.version()));
        out.addParameter("display", new StringType(r.longTitle()));
        if (r.shortTitle() != null && !r.shortTitle().isBlank()) {
            var designation = out.addParameter().setName("designation");
            designation.addPart().setName("use").setValue(new Coding("http://snomed.info/sct", "900000000000013009",
                    "Synonym"));
            designation.addPart().setName("value").setValue(new StringType(r.shortTitle()));
        }
        var billable = out.addParameter().setName("property");
        billable.addPart().setName("code").setValue(new org.hl7.fhir.r4.model.CodeType("billable"));
        billable.addPart().setName("value").setValue(new BooleanType(r.billable()));
        return out;
    }

    private CodeValidator.Result check(String url, String code, String date) {
        String system = url == null ? null : CodeSystems.byUrl(url);
        if (system == null) {
            throw ProblemException.badRequest("url", "The code system must be one of " + CodeSystems.URL.values() + ".");
        }
        if (code == null || code.isBlank()) {
            throw ProblemException.badRequest("code", "code is required.");
        }
        LocalDate day;
        try {
            day = date == null ? LocalDate.now(clock) : LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("date", "date must be a date such as 2022-09-30.");
        }
        return codes.check(system, code, day, null);
    }
}
