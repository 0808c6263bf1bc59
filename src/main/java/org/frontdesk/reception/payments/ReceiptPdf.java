package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.Location;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The receipt a patient takes home, as a one-page PDF (Apache PDFBox). */
@ApplicationScoped
class ReceiptPdf {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @Inject PaymentsConfig config;
    @Inject PatientService patients;
    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;

    /** The lines printed, in order; also what tests read back from the PDF. */
    public List<String> lines(Payment p, Payment original) {
        Patient patient = patients.get(p.patientId);
        Location location = setup.location(p.locationId);
        ZoneId zone = location.zone();
        List<String> lines = new ArrayList<>();
        lines.add(config.practiceName());
        config.practiceAddress().ifPresent(lines::addAll);
        lines.add(location.name);
        lines.add("");
        lines.add(switch (p.kind) {
            case "refund" -> "REFUND RECEIPT";
            case "void" -> "VOID RECEIPT";
            default -> "PAYMENT RECEIPT";
        });
        lines.add("Receipt no. " + p.receiptNumber);
        lines.add("Date: " + p.takenAt.atZone(zone).format(WHEN));
        lines.add("Patient: " + patient.displayName() + " (" + patient.mrn + ")");
        if (p.appointmentId != null) {
            Appointment a = appointments.get(p.appointmentId);
            lines.add("Visit: " + a.startsAt.atZone(zone).format(WHEN));
        }
        lines.add("Method: " + switch (p.method) {
            case "card" -> "card ending " + p.cardLast4 + " (ref. " + p.processorReference + ")";
            case "check" -> "check no. " + p.checkNumber;
            default -> "cash";
        });
        lines.add(("payment".equals(p.kind) ? "Amount paid: " : "Amount returned: ") + p.amount.toPlainString() + " "
                + p.currency);
        if (original != null) {
            lines.add("For receipt no. " + original.receiptNumber + " of " + original.takenAt.atZone(zone).format(WHEN));
            lines.add("Reason: " + p.reason);
        }
        lines.add("Received by: " + p.takenBy);
        lines.add("");
        lines.add("Thank you.");
        return lines;
    }

    public byte[] render(Payment p, Payment original) {
        return org.frontdesk.reception.shared.TextPdf.render(lines(p, original), "Receipt " + p.receiptNumber,
                config.practiceName(), PDRectangle.A5, line -> line.endsWith("RECEIPT"));
    }
}
