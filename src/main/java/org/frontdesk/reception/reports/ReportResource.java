package org.frontdesk.reception.reports;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/reports}: the manager's figures, as JSON for the frontend or CSV for spreadsheets. */
@Path("/api/v1/reports")
@RolesAllowed({Roles.ADMIN, Roles.BILLING})
@Tag(name = "Reports", description = "How the desk is doing")
public class ReportResource {

    private static final String CSV = "text/csv";

    @Inject ReportService reports;

    @GET
    @Path("/desk")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "A location's desk figures over a date range", description = "Appointments by status, no-show "
            + "rate, same-day cancellations, average wait from arrival to check-in, eligibility checked before the "
            + "visit, claims' first-pass acceptance and days from visit to submission, charges due against payments "
            + "collected, and the takings by method. JSON, or CSV with Accept: text/csv or format=csv.")
    public Response desk(@QueryParam("locationId") UUID locationId, @QueryParam("from") LocalDate from,
                         @QueryParam("to") LocalDate to, @QueryParam("format") String format,
                         @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        DeskReport report = reports.desk(locationId, from, to);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw ProblemException.badRequest("/format", "must be json or csv");
        }
        if (!csv) {
            return Response.ok(report, MediaType.APPLICATION_JSON).build();
        }
        StringBuilder out = new StringBuilder("figure,value\r\n");
        for (Map.Entry<String, Object> e : report.flat().entrySet()) {
            Object v = e.getValue();
            out.append(e.getKey()).append(',').append(v == null ? "" : cell(v instanceof BigDecimal b
                    ? b.toPlainString() : v.toString())).append("\r\n");
        }
        return Response.ok(out.toString(), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"desk-" + from + "-" + to + ".csv\"").build();
    }

    /** RFC 4180: a value with a comma, quote or line break is quoted, quotes doubled. */
    static String cell(String s) {
        return s.matches(".*[,\"\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
