package org.frontdesk.reception.fhir;

import jakarta.inject.Inject;
import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.shared.ErrorRenderer;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.util.List;

/** Renders errors on the {@code /fhir} face as an OperationOutcome, in JSON or XML as the caller accepts. */
@ApplicationScoped
public class OperationOutcomeRenderer implements ErrorRenderer {

    @Inject FhirContext fhir;

    @Override
    public boolean renders(String path) {
        return path.equals("fhir") || path.startsWith("fhir/");
    }

    @Override
    public Response render(Problem problem, HttpHeaders headers) {
        OperationOutcome outcome = outcome(problem);
        boolean xml = wantsXml(headers == null ? List.of() : headers.getAcceptableMediaTypes());
        String body = (xml ? fhir.newXmlParser() : fhir.newJsonParser()).encodeResourceToString(outcome);
        Response.ResponseBuilder b = Response.status(problem.status())
                .type((xml ? FhirMediaTypes.FHIR_XML : FhirMediaTypes.FHIR_JSON) + ";charset=UTF-8")
                .entity(body);
        if ((problem.status() == 429 || problem.status() == 503) && problem.extensions().get("retryAfterSeconds") != null) {
            b.header(HttpHeaders.RETRY_AFTER, problem.extensions().get("retryAfterSeconds"));
        }
        return b.build();
    }

    /** The OperationOutcome for a problem: one issue per field error, or one for the whole problem. */
    public static OperationOutcome outcome(Problem problem) {
        OperationOutcome outcome = new OperationOutcome();
        IssueType code = issueType(problem.status());
        if (problem.errors().isEmpty()) {
            outcome.addIssue().setSeverity(problem.status() >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                    .setCode(code).setDiagnostics(problem.detail() == null ? problem.title() : problem.detail());
        }
        for (FieldError e : problem.errors()) {
            var issue = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(code).setDiagnostics(e.detail());
            if (e.pointer() != null) {
                issue.addExpression(toFhirPath(e.pointer()));
            }
        }
        return outcome;
    }

    /** JSON pointers become FHIRPath ({@code /name/0/family} to {@code name[0].family}); FHIRPath passes through. */
    static String toFhirPath(String pointer) {
        if (!pointer.startsWith("/")) {
            return pointer;
        }
        StringBuilder sb = new StringBuilder();
        for (String token : pointer.substring(1).split("/")) {
            if (token.matches("\\d+")) {
                sb.append('[').append(token).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(token.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static boolean wantsXml(List<MediaType> accepted) {
        for (MediaType m : accepted) {
            if (m.isWildcardType()) {
                return false;
            }
            if (FhirMediaTypes.isXml(m)) {
                return true;
            }
            if (m.getSubtype().endsWith("json")) {
                return false;
            }
        }
        return false;
    }

    private static IssueType issueType(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404, 410 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOLONG;
            case 422 -> IssueType.PROCESSING;
            case 428 -> IssueType.REQUIRED;
            case 429 -> IssueType.THROTTLED;
            case 503 -> IssueType.TRANSIENT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
