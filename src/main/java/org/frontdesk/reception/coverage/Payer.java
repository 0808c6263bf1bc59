package org.frontdesk.reception.coverage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * An insurer in the practice's directory, with how to reach its eligibility endpoint. Secrets
 * are never stored: {@link #authSecretName} names the environment variable holding the OAuth2
 * client secret or the API key.
 */
@Entity
@Table(name = "payer")
public class Payer extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The insurer's payer id, as clearinghouses know it. */
    public String payerCode;
    public String name;
    /** commercial, medicare, medicaid or self-pay. */
    public String type;
    public String memberIdPattern;
    public String baseUrl;
    /** none, oauth2 or api-key. */
    public String authType = "none";
    public String tokenUrl;
    public String clientId;
    public String apiKeyHeader;
    public String authSecretName;
    /** What Claim/$submit takes at this payer: claim (a Claim) or bundle (a Bundle holding it). */
    public String claimFormat = "claim";
    /**
     * How claims (and, for a clearinghouse, eligibility and claim status) reach the payer: {@code fhir}
     * (its FHIR endpoint) or {@code x12-clearinghouse} (X12 through the clearinghouse API at
     * {@link #baseUrl}, with this payer's credentials).
     */
    public String channel = "fhir";
    public int connectTimeoutMs = 2000;
    public int readTimeoutMs = 10000;
    public boolean active = true;
    /**
     * When the payer counts as down (its circuit opens): the share of failed calls among the last
     * {@link #circuitVolume}, and how long calls then wait. Null: the defaults of
     * {@code reception.coverage.insurer.circuit-*}. A flaky insurer is not a down one.
     */
    public java.math.BigDecimal circuitFailureRatio;
    public Integer circuitVolume;
    public Integer circuitDelaySeconds;
    /**
     * The payer's pace for queued eligibility questions (the day-before job's, resumed ones): at
     * most {@link #eligibilityRateLimit} in each {@link #eligibilityRateWindowSeconds}. Null: the
     * defaults of {@code reception.coverage.insurer.rate-limit} and {@code rate-window}.
     */
    public Integer eligibilityRateLimit;
    public Integer eligibilityRateWindowSeconds;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    /** Takes every setting of {@code other} (not its id, version or timestamps): the one list of a payer's settings. */
    void takeSettingsOf(Payer other) {
        payerCode = other.payerCode;
        name = other.name;
        type = other.type;
        memberIdPattern = other.memberIdPattern;
        baseUrl = other.baseUrl;
        authType = other.authType;
        tokenUrl = other.tokenUrl;
        clientId = other.clientId;
        apiKeyHeader = other.apiKeyHeader;
        authSecretName = other.authSecretName;
        connectTimeoutMs = other.connectTimeoutMs;
        readTimeoutMs = other.readTimeoutMs;
        claimFormat = other.claimFormat;
        channel = other.channel;
        active = other.active;
        circuitFailureRatio = other.circuitFailureRatio;
        circuitVolume = other.circuitVolume;
        circuitDelaySeconds = other.circuitDelaySeconds;
        eligibilityRateLimit = other.eligibilityRateLimit;
        eligibilityRateWindowSeconds = other.eligibilityRateWindowSeconds;
    }
}
