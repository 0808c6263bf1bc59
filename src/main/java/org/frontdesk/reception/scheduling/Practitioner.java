package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A clinician patients are booked with, identified nationally by NPI. */
@Entity
@jakarta.persistence.EntityListeners({org.frontdesk.reception.fhir.FhirHistory.Listener.class,
        org.frontdesk.reception.shared.ReferenceCache.Listener.class})
@Table(name = "practitioner")
public class Practitioner extends PanacheEntityBase {

    @Id
    public UUID id;
    /** National Provider Identifier, 10 digits with a Luhn check digit. */
    public String npi;
    public String family;
    public String given;
    public String prefix;
    public String suffix;
    /** NUCC provider taxonomy code, e.g. 207Q00000X (family medicine). */
    public String taxonomyCode;
    public boolean active = true;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    /** How a patient, the desk or an EHR reads the name: "Dr. Marcus Welby", with a suffix if any. */
    public String displayName() {
        return String.join(" ", java.util.stream.Stream.of(prefix, given, family, suffix)
                .filter(x -> x != null && !x.isBlank()).toList());
    }
}
