package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.JsonMergePatch;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/patients}: registering, finding and updating patients at the desk. */
@Path("/api/v1/patients")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patients", description = "Register, find and update patients")
public class PatientResource {

    @Inject PatientService service;
    @Inject PatientMapper mapper;
    @Inject ObjectMapper json;
    @Inject Validator validator;

    @RolesAllowed(Roles.FRONT_DESK)
    @Audited(resource = "Patient", action = AuditAction.CREATE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Operation(summary = "Register a patient",
            description = "Refused with 409 and the candidates when the patient looks like one already registered "
                    + "(same name and birth date, same phone or e-mail and birth date, or same identifier), unless "
                    + "confirmedNotDuplicate=true. Idempotency-Key required: a retry returns the first answer.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "409", description = "Likely duplicate; body lists candidates")
    public Response register(
            @Parameter(description = "The desk checked the candidates and this is a different person")
            @QueryParam("confirmedNotDuplicate") @DefaultValue("false") boolean confirmedNotDuplicate,
            @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PatientRequest request) {
        Patient p = service.register(mapper.toEntity(request), confirmedNotDuplicate);
        return Answers.created("/api/v1/patients/" + p.id, p.version, mapper.toView(p));
    }

    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
    @Audited(resource = "Patient", action = AuditAction.READ)
    @GET
    @Path("/{id}")
    @Operation(summary = "Read a patient", description = "The ETag header carries the version to send in If-Match.")
    @APIResponse(responseCode = "200", description = "The patient",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "404", description = "No such patient")
    public Response get(@PathParam("id") UUID id) {
        Patient p = service.get(id);
        return Answers.ok(mapper.toView(p), p.version);
    }

    @RolesAllowed(Roles.FRONT_DESK)
    @Audited(resource = "Patient", action = AuditAction.UPDATE)
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Operation(summary = "Replace a patient's details",
            description = "If-Match with the ETag you read is required; a stale version gets 412.")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "412", description = "Someone else changed the patient since you read it")
    @APIResponse(responseCode = "428", description = "If-Match missing")
    public Response replace(@PathParam("id") UUID id,
                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PatientRequest request) {
        return updated(service.update(id, ifMatch, true, p -> mapper.update(request, p)));
    }

    @RolesAllowed(Roles.FRONT_DESK)
    @Audited(resource = "Patient", action = AuditAction.UPDATE)
    @PATCH
    @Path("/{id}")
    @Consumes({JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Transactional
    @Idempotent
    @Operation(summary = "Change some of a patient's details",
            description = "Body is a JSON Merge Patch (RFC 7386): fields given replace, null removes, lists are "
                    + "replaced whole. If-Match is required.")
    @RequestBody(content = @Content(mediaType = JsonMergePatch.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.OBJECT, description = "Any subset of the PatientRequest fields")))
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    public Response patch(@PathParam("id") UUID id,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          @NotNull(message = ExceptionMappers.BODY_REQUIRED) JsonNode patch) {
        if (!patch.isObject()) {
            throw ProblemException.badRequest("/", "A merge patch must be a JSON object.");
        }
        return updated(service.update(id, ifMatch, true, p -> mapper.update(merge(mapper.toRequest(p), patch), p)));
    }

    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
    @Audited(resource = "Patient", action = AuditAction.SEARCH)
    @GET
    @Operation(summary = "Find patients",
            description = "Every criterion given must hold. name matches the start of any word of any of the patient's "
                    + "names, case and accents ignored (\"jose gar\" finds \"José García\"). Sorted by name, birth date, id.")
    public PatientPage search(
            @Parameter(description = "Words that start the patient's names") @QueryParam("name") String name,
            @Parameter(description = "Exact birth date, YYYY-MM-DD") @QueryParam("birthDate") LocalDate birthDate,
            @Parameter(description = "Phone number in any format") @QueryParam("phone") String phone,
            @Parameter(description = "E-mail address") @QueryParam("email") String email,
            @Parameter(description = "Medical record number") @QueryParam("mrn") String mrn,
            @Parameter(description = "system|value, or a value in any system") @QueryParam("identifier") String identifier,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        List<String> words = name == null ? List.of() : Arrays.stream(name.trim().split("\\s+"))
                .filter(w -> !w.isBlank()).toList();
        List<PatientQuery.IdentifierCondition> ids = identifier == null ? List.of()
                : List.of(identifier.contains("|")
                ? new PatientQuery.IdentifierCondition(blank(identifier.substring(0, identifier.indexOf('|'))),
                blank(identifier.substring(identifier.indexOf('|') + 1)))
                : new PatientQuery.IdentifierCondition(null, blank(identifier)));
        List<PatientQuery.DateCondition> dates = birthDate == null ? List.of()
                : List.of(new PatientQuery.DateCondition(PatientQuery.Comparator.EQ, birthDate, birthDate));
        PatientQuery query = new PatientQuery(words, null, null, dates, ids, phone, email, null, null, mrn);
        PageResult<Patient> result = service.search(query, Math.multiplyExact(page, size), size);
        return new PatientPage(result.items().stream().map(mapper::toView).toList(), page, size, result.total());
    }

    @RolesAllowed(Roles.FRONT_DESK)
    @Audited(resource = "Patient", action = AuditAction.READ)
    @GET
    @Path("/{id}/possible-duplicates")
    @Operation(summary = "Likely duplicates flagged for this patient",
            description = "Raised when a record was created without the duplicate check blocking it (e.g. by an EHR).")
    public List<DuplicateFlagView> possibleDuplicates(@PathParam("id") UUID id) {
        service.get(id);
        return service.openDuplicateFlags(id).stream().map(mapper::toView).toList();
    }

    private Response updated(Patient p) {
        return Answers.ok(mapper.toView(p), p.version);
    }

    private PatientRequest merge(PatientRequest current, JsonNode patch) {
        JsonNode merged = JsonMergePatch.apply(json.valueToTree(current), patch);
        PatientRequest request;
        try {
            request = json.treeToValue(merged, PatientRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(ExceptionMappers.fromJacksonProblem(e));
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
