package org.frontdesk.reception.coding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CodeSystem/$validate-code} and {@code $lookup} for ICD-10-CM, HCPCS and CPT, by GET or
 * by POST of a Parameters body. With a {@code date}, the version in force that day answers; with
 * none, the latest version loaded does, and the answer names it.
 */
@ApplicationScoped
class CodeSystemFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("CodeSystem")
            .operation("validate-code", "http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code", 'r',
                    AuditAction.EXECUTE, false, true)
            .operation("lookup", "http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup", 'r',
                    AuditAction.EXECUTE, false, true)
            .build();
    private static final Set<String> PARAMS = Set.of("url", "system", "code", "date", "coding", "version", "_format",
            "_pretty");

    @Inject CodeValidator codes;
    @Inject Clock clock;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    /** What was asked, from the query or a Parameters body. */
    private record Asked(String system, String code, String date) {
    }

    @Override
    public Response operation(ResourceCapability.Operation op, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        Asked asked = asked(body, query, op.name().equals("lookup"));
        CodeValidator.Result r = check(asked);
        return Response.ok(op.name().equals("lookup") ? lookup(r) : validate(r)).build();
    }

    private Asked asked(Resource body, MultivaluedMap<String, String> query, boolean lookup) {
        if (body != null) {
            if (!(body instanceof Parameters p)) {
                throw ProblemException.badRequest("Send the operation's inputs as a Parameters resource.",
                        List.of(new FieldError("resourceType", "must be Parameters")));
            }
            String system = value(p, lookup ? "system" : "url");
            if (system == null) {
                system = value(p, "system");
            }
            String code = value(p, "code");
            if (p.getParameter("coding") != null && p.getParameter("coding").getValue() instanceof Coding c) {
                system = system == null ? c.getSystem() : system;
                code = code == null ? c.getCode() : code;
            }
            return new Asked(system, code, value(p, "date"));
        }
        for (String name : query.keySet()) {
            if (!PARAMS.contains(name)) {
                throw ProblemException.badRequest(name, "Unknown parameter " + name + "; use url (or system), code and date.");
            }
        }
        String url = query.getFirst("url");
        return new Asked(url != null ? url : query.getFirst("system"), query.getFirst("code"), query.getFirst("date"));
    }

    private static String value(Parameters p, String name) {
        var param = p.getParameter(name);
        if (param == null || param.getValue() == null) {
            return null;
        }
        Type v = param.getValue();
        return v.primitiveValue();
    }

    private static Parameters validate(CodeValidator.Result r) {
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

    private static Parameters lookup(CodeValidator.Result r) {
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

    private CodeValidator.Result check(Asked asked) {
        String system = asked.system() == null ? null : CodeSystems.byUrl(asked.system());
        if (system == null) {
            throw ProblemException.badRequest("url", "The code system must be one of " + CodeSystems.URL.values() + ".");
        }
        if (asked.code() == null || asked.code().isBlank() || asked.code().length() > 20) {
            throw ProblemException.badRequest("code", "code is required (at most 20 characters).");
        }
        if (asked.date() == null) {
            return codes.checkLatest(system, asked.code());
        }
        LocalDate day;
        try {
            String date = asked.date();
            day = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("date", "date must be a date such as 2022-09-30.");
        }
        return codes.check(system, asked.code(), day, null);
    }
}
