package org.frontdesk.reception.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditEvent;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * An audit record as a FHIR R4 AuditEvent of type "RESTful operation": the interaction as
 * subtype, the caller as the requesting agent (subject, client, roles, address), the patient
 * and the search as entities. The shape is a nested structure MapStruct can't express better.
 */
@ApplicationScoped
public class AuditEventFhirMapper {

    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String NETWORK_TYPE = "http://hl7.org/fhir/network-type";

    public org.hl7.fhir.r4.model.AuditEvent toFhir(AuditEvent e) {
        var fhir = new org.hl7.fhir.r4.model.AuditEvent();
        fhir.setId(Long.toString(e.id));
        fhir.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
        fhir.addSubtype(new Coding(INTERACTION, interaction(e), null));
        AuditAction action = AuditAction.fromCode(e.action);
        fhir.setAction(org.hl7.fhir.r4.model.AuditEvent.AuditEventAction.fromCode(action.fhirAction));
        fhir.setRecorded(Date.from(e.recordedAt));
        fhir.setOutcome(e.status < 400 ? org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0
                : e.status < 500 ? org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._4
                : org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._8);
        fhir.setOutcomeDesc("HTTP " + e.status + " " + e.httpMethod + " " + e.path);
        var agent = fhir.addAgent().setRequestor(true)
                .setWho(new Reference().setDisplay(e.subject)
                        .setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:frontdesk:token-subject")
                                .setValue(e.subject)));
        if (e.clientId != null) {
            agent.setAltId(e.clientId);
        }
        if (e.roles != null && !e.roles.isBlank()) {
            for (String role : e.roles.split(",")) {
                agent.addRole().setText(role);
            }
        }
        if (e.sourceIp != null) {
            agent.getNetwork().setAddress(e.sourceIp)
                    .setType(org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType._2);
        }
        fhir.getSource().setSite("front-desk-api").setObserver(new Reference().setDisplay("Front-desk API"));
        if (e.patientId != null) {
            fhir.addEntity().setWhat(new Reference("Patient/" + e.patientId))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        } else if (e.resourceId != null) {
            fhir.addEntity().setWhat(new Reference(e.resourceType + "/" + e.resourceId))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"));
        }
        if (e.query != null) {
            fhir.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setDescription(e.resourceType + " search")
                    .setQueryElement(new Base64BinaryType(e.query.getBytes(StandardCharsets.UTF_8)));
        }
        return fhir;
    }

    private static String interaction(AuditEvent e) {
        return switch (e.action) {
            case "search" -> "search-type";
            case "execute" -> "operation";
            default -> e.action;
        };
    }
}
