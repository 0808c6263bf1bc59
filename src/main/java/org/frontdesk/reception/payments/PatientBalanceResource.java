package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.payments.PaymentJson.Balance;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;

import java.util.UUID;

/** A patient's account (its own root path: a sub-path of /api/v1/patients would be routed to the patient resource). */
@Path("/api/v1/patients/{patientId}/balance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
@Tag(name = "Payments")
public class PatientBalanceResource {

    @Inject Balances balances;

    @GET
    @Audited(resource = "Payment", action = AuditAction.READ)
    @Operation(summary = "A patient's balance", description = "Each charged visit with what is owed (the desk charge, "
            + "or the insurer's patient responsibility once adjudicated) and paid, payments not tied to a charged visit, "
            + "and the total (negative: a credit).")
    public Balance balance(@PathParam("patientId") UUID patientId) {
        return balances.balance(patientId);
    }
}
