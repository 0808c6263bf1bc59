package org.frontdesk.reception.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** One move of a claim along its status machine: from, to, why, when and by whom. Never changed. */
@Entity
@Immutable
@Table(name = "claim_status_change")
public class ClaimStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID claimId;
    public ClaimStatus fromStatus;
    public ClaimStatus toStatus;
    public String reason;
    public Instant changedAt;
    public String changedBy;
}
