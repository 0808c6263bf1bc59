package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.patient.PatientName;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.Location;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        lines.add("Patient: " + name(patient) + " (" + patient.mrn + ")");
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
        List<String> lines = lines(p, original);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A5);
            doc.addPage(page);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                text.beginText();
                text.newLineAtOffset(36, page.getMediaBox().getHeight() - 48);
                text.setLeading(15);
                for (int i = 0; i < lines.size(); i++) {
                    PDType1Font font = i == 0 || lines.get(i).endsWith("RECEIPT") ? bold : regular;
                    text.setFont(font, i == 0 ? 13 : 10);
                    text.showText(printable(font, lines.get(i)));
                    text.newLine();
                }
                text.endText();
            }
            doc.getDocumentInformation().setTitle("Receipt " + p.receiptNumber);
            doc.getDocumentInformation().setCreator(config.practiceName());
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard PDF fonts cover Latin-1 and a little more; anything else prints as '?'. */
    private static String printable(PDType1Font font, String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                b.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    static String name(Patient patient) {
        PatientName n = patient.primaryName();
        if (n == null) {
            return "(no name)";
        }
        if (n.text != null && !n.text.isBlank()) {
            return n.text;
        }
        return (String.join(" ", n.given) + " " + (n.family == null ? "" : n.family)).trim();
    }
}
