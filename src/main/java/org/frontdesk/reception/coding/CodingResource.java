package org.frontdesk.reception.coding;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.coding.CodingJson.LoadRequest;
import org.frontdesk.reception.coding.CodingJson.PatientFacts;
import org.frontdesk.reception.coding.CodingJson.ScrubRequest;
import org.frontdesk.reception.coding.CodingJson.ValidateRequest;
import org.frontdesk.reception.coding.CodingJson.ValidateResponse;
import org.frontdesk.reception.coding.CodingJson.VersionView;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code /api/v1}: billing codes for the billing desk (search, validate on a date of service,
 * scrub a draft claim) and, for administrators, the code-set versions and their loading.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Coding", description = "ICD-10-CM, HCPCS and CPT by date of service, and the NCCI/MUE edits")
public class CodingResource {

    @Inject CodeValidator codes;
    @Inject ClaimScrubber scrubber;
    @Inject CodeSetLoader loader;
    @Inject Clock clock;

    @GET
    @Path("/codes")
    @RolesAllowed({Roles.BILLING, Roles.FRONT_DESK})
    @Operation(summary = "Find codes (the billing screen's picker)", description = "q: the start of a code (dotted or "
            + "not) or words of its title. From the version valid on date (default today; the newest version when "
            + "none covers it). Code matches first, then billable before headers.")
    public List<CodeValidator.Result> search(@QueryParam("q") String q,
                                             @QueryParam("system") @DefaultValue(CodeSystems.ICD10CM) String system,
                                             @QueryParam("date") LocalDate date,
                                             @QueryParam("limit") @DefaultValue("20") int limit) {
        if (!CodeSystems.URL.containsKey(system)) {
            throw ProblemException.badRequest("system", "system must be icd-10-cm, hcpcs or cpt.");
        }
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("q", "q is required: the start of a code or words of its title.");
        }
        return codes.search(system, q, date == null ? LocalDate.now(clock) : date, Math.max(1, Math.min(limit, 100)));
    }

    @POST
    @Path("/codes/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed({Roles.BILLING, Roles.FRONT_DESK})
    @Operation(summary = "Validate codes on a date of service", description = "For each code: found, billable, valid "
            + "on the date, the version that answers for it, its titles, and findings (including age and sex "
            + "conflicts when the patient is given). Dotted or undotted, any case.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = ValidateResponse.class)))
    public Response validate(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ValidateRequest request) {
        CodeValidator.Patient patient = patient(request.patient());
        List<CodeValidator.Result> results = request.codes().stream().map(c -> codes.check(
                c.system() == null ? CodeSystems.ICD10CM : c.system(), c.code(), request.dateOfService(), patient)).toList();
        return Response.ok(new ValidateResponse(request.dateOfService(), results.stream().allMatch(r -> r.valid()
                && r.findings().stream().noneMatch(f -> f.severity().equals("error"))), results)).build();
    }

    @POST
    @Path("/claims/scrub")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed(Roles.BILLING)
    @Operation(summary = "Scrub a draft claim", description = "Every edit a payer applies before paying: at most 12 "
            + "diagnoses and 4 pointers a line, pointers that point at diagnoses, codes valid on the date of service, "
            + "a billable principal diagnosis, age/sex conflicts, NCCI procedure-to-procedure pairs (modifiers "
            + "59/XE/XS/XP/XU only where allowed), MUE units per line or per day, add-on codes without their primary. "
            + "clean is true when no finding is an error.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = ClaimScrubber.Outcome.class)))
    public Response scrub(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ScrubRequest request) {
        return Response.ok(scrubber.scrub(new ClaimScrubber.Draft(request.dateOfService(), patient(request.patient()),
                request.diagnoses(), request.lines().stream().map(l -> new ClaimScrubber.Line(l.code(),
                        l.modifiers() == null ? List.of() : l.modifiers(), l.units(),
                        l.diagnosisPointers() == null ? List.of() : l.diagnosisPointers(), l.dateOfService())).toList())))
                .build();
    }

    @GET
    @Path("/code-sets")
    @RolesAllowed({Roles.ADMIN, Roles.BILLING})
    @Operation(summary = "Loaded code-set and edit versions", description = "With the dates of service each answers for.")
    public List<VersionView> versions() {
        return loader.versions();
    }

    @POST
    @Path("/code-sets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    // a fiscal year loads in seconds; the key is held in this transaction while the load commits in its own
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 600)
    @Idempotent
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Load a code-set or edit version from a file", description = "The file must be in one of the "
            + "import directories (reception.coding.import-dirs), in its published layout. Parsed whole first: a line "
            + "that does not fit refuses the load with its number (422) and nothing is kept. Written in one "
            + "transaction. The same file under the same version again is a no-op (200); another file under a loaded "
            + "version is refused (409). 201 with counts when loaded.")
    public Response load(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid LoadRequest request) {
        CodeSetLoader.Report report = loader.load(new CodeSetLoader.Request(request.format(), request.version(),
                request.validFrom(), request.validTo(), request.basedOn(), request.path()));
        return Response.status(report.alreadyLoaded() ? 200 : 201).entity(report).build();
    }

    private static CodeValidator.Patient patient(PatientFacts p) {
        return p == null ? null : new CodeValidator.Patient(p.birthDate(), p.age(), p.sex());
    }
}
