package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditTrail;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.SearchText;
import org.frontdesk.reception.shared.Where;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The practice's payer directory: insurers and how their endpoints are reached. */
@ApplicationScoped
public class PayerService {

    @Inject Clock clock;
    @Inject CoverageConfig config;
    @Inject AuditTrail trail;

    @Transactional
    public Payer add(Payer p) {
        check(p);
        if (Payer.count("payerCode", p.payerCode) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/duplicate-payer", "Payer id in use",
                    "A payer with payer id " + p.payerCode + " already exists."));
        }
        p.id = UUID.randomUUID();
        p.createdAt = clock.instant();
        p.updatedAt = p.createdAt;
        p.persist();
        trail.record(AuditAction.CREATE, "Payer", p.id.toString(), null, 201);
        return p;
    }

    @Transactional
    public Payer update(UUID id, String ifMatch, Payer changes) {
        Payer p = get(id);
        ETags.check(ifMatch, p.version, true);
        check(changes);
        if (!p.payerCode.equals(changes.payerCode) && Payer.count("payerCode", changes.payerCode) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/duplicate-payer", "Payer id in use",
                    "A payer with payer id " + changes.payerCode + " already exists."));
        }
        p.takeSettingsOf(changes);
        p.updatedAt = clock.instant();
        Payer.flush();
        trail.record(AuditAction.UPDATE, "Payer", p.id.toString(), null, 200);
        return p;
    }

    /** A detached copy of a payer's settings, to change and hand to {@link #update}. */
    public Payer copyOf(Payer p) {
        Payer c = new Payer();
        c.takeSettingsOf(p);
        return c;
    }

    public Payer get(UUID id) {
        return ProblemException.orNotFound(find(id), "Payer", id);
    }

    /** The payer, or null when there is none with this id. */
    public Payer find(UUID id) {
        return id == null ? null : Payer.findById(id);
    }

    public java.util.Optional<Payer> byCode(String payerCode) {
        return Payer.<Payer>find("payerCode", payerCode).firstResultOptional();
    }

    /** Payers by payer id and/or a part of their name (case and accents ignored), by name. One page. */
    public PageResult<Payer> search(String payerCode, String nameContains, int offset, int count) {
        return search(payerCode, nameContains, Criteria.NONE, offset, count);
    }

    public PageResult<Payer> search(String payerCode, String nameContains, Criteria c, int offset, int count) {
        String name = nameContains == null ? null : SearchText.name(nameContains);
        Where w = c.applyTo(new Where(), "updatedAt").and("payerCode = ?", payerCode)
                .and("lower(name) like ?", name == null ? null : "%" + name.replace("%", "").replace("_", "") + "%");
        return PageResult.of(Payer.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt", "name", "name"),
                "name, id"), w.args()), offset, count);
    }

    public List<Payer> list() {
        return Payer.list("order by name, payerCode");
    }

    /** What the database would refuse, and where a payer may not send, said first and precisely. */
    private void check(Payer p) {
        List<FieldError> errors = new ArrayList<>();
        if (p.memberIdPattern != null && !p.memberIdPattern.isBlank()) {
            String problem = MemberIdRule.patternProblem(p.memberIdPattern);
            if (problem != null) {
                errors.add(new FieldError("/memberIdPattern", problem));
            }
        }
        url(p.baseUrl, "/baseUrl", errors);
        url(p.tokenUrl, "/tokenUrl", errors);
        if (p.authSecretName != null && !secretBelongsTo(p.authSecretName, p.payerCode)) {
            errors.add(new FieldError("/authSecretName", "must be PAYER_" + secretPrefix(p.payerCode)
                    + "_<NAME>: a payer's secret is named after its payer id, so no payer can borrow another's"));
        }
        if ("oauth2".equals(p.authType) && (p.tokenUrl == null || p.clientId == null || p.authSecretName == null)) {
            errors.add(new FieldError("/authType", "oauth2 needs tokenUrl, clientId and authSecretName"));
        }
        if ("api-key".equals(p.authType) && (p.apiKeyHeader == null || p.authSecretName == null)) {
            errors.add(new FieldError("/authType", "api-key needs apiKeyHeader and authSecretName"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The payer's settings are incomplete or invalid.", errors);
        }
    }

    /** Whether a secret's name is one of this payer's: {@code PAYER_<payer id>_<NAME>}. */
    static boolean secretBelongsTo(String secretName, String payerCode) {
        return payerCode != null && secretName.matches("PAYER_[A-Z0-9_]+")
                && secretName.startsWith("PAYER_" + secretPrefix(payerCode) + "_")
                && secretName.length() > ("PAYER_" + secretPrefix(payerCode) + "_").length();
    }

    /** A payer id as it appears in its secrets' names: upper case, anything but letters and digits as _. */
    static String secretPrefix(String payerCode) {
        return payerCode == null ? "" : payerCode.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private void url(String value, String pointer, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        String problem = org.frontdesk.reception.shared.OutboundUrls.problem(value, config.insurer().allowInsecureEndpoints());
        if (problem != null) {
            errors.add(new FieldError(pointer, problem));
        }
    }
}
