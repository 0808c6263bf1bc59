package org.frontdesk.reception.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** One recorded look at or change of patient data. Written only by {@link AuditTrail}; never changed. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    public Long id;
    public Instant recordedAt;
    public String subject;
    public String roles;
    public String clientId;
    public String sourceIp;
    public String action;
    public String resourceType;
    public String resourceId;
    public UUID patientId;
    /** Every patient the request touched, when more than one (the first is also {@link #patientId}). */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    public UUID[] patientIds;
    public String query;
    public String httpMethod;
    public String path;
    public int status;
    public String outcome;
}
