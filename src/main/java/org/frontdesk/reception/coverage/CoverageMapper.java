package org.frontdesk.reception.coverage;

import org.frontdesk.reception.coverage.CoverageJson.CoverageOrder;
import org.frontdesk.reception.coverage.CoverageJson.CoverageRequest;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;
import org.frontdesk.reception.coverage.CoverageJson.EligibilitySummary;
import org.frontdesk.reception.coverage.CoverageJson.EligibilityView;
import org.frontdesk.reception.coverage.CoverageJson.PayerRequest;
import org.frontdesk.reception.coverage.CoverageJson.PayerSummary;
import org.frontdesk.reception.coverage.CoverageJson.PayerView;
import org.frontdesk.reception.coverage.CoverageJson.Subscriber;
import org.frontdesk.reception.shared.CodeMapping;
import org.frontdesk.reception.shared.MappingConfig;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

import java.util.List;
import java.util.UUID;

/** Maps payers, coverages and eligibility checks to and from the {@code /api} JSON. */
@Mapper(config = MappingConfig.class, uses = CodeMapping.class)
public interface CoverageMapper {

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "createdAt", ignore = true)
    @Mapping(target = "updatedAt", ignore = true)
    @Mapping(target = "authType", defaultValue = "none")
    @Mapping(target = "claimFormat", defaultValue = "claim")
    @Mapping(target = "channel", defaultValue = "fhir")
    Payer toEntity(PayerRequest request);

    PayerView toView(Payer payer);

    PayerSummary toSummary(Payer payer);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patientId", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "createdAt", ignore = true)
    @Mapping(target = "updatedAt", ignore = true)
    @Mapping(target = "createdBy", ignore = true)
    @Mapping(target = "updatedBy", ignore = true)
    @Mapping(target = "priority", source = "order")
    @Mapping(target = "subscriberFamily", source = "subscriber.family")
    @Mapping(target = "subscriberGiven", source = "subscriber.given")
    @Mapping(target = "subscriberBirthDate", source = "subscriber.birthDate")
    @Mapping(target = "subscriberMemberId", source = "subscriber.memberId")
    @Mapping(target = "cardFrontDocumentId", ignore = true)
    @Mapping(target = "cardBackDocumentId", ignore = true)
    Coverage toEntity(CoverageRequest request);

    @Mapping(target = "id", source = "c.id")
    @Mapping(target = "version", source = "c.version")
    @Mapping(target = "payer", source = "payer")
    @Mapping(target = "order", source = "c.priority")
    @Mapping(target = "subscriber", source = "c")
    @Mapping(target = "latestEligibility", source = "latest")
    @Mapping(target = "copay", source = "c.copay")
    @Mapping(target = "createdAt", source = "c.createdAt")
    @Mapping(target = "updatedAt", source = "c.updatedAt")
    @Mapping(target = "cardFront", source = "cardFront")
    @Mapping(target = "cardBack", source = "cardBack")
    CoverageView toView(Coverage c, Payer payer, EligibilityCheck latest, CoverageJson.CardImage cardFront,
                        CoverageJson.CardImage cardBack);

    @Mapping(target = "checkId", source = "id")
    @Mapping(target = "checkedAt", source = "completedAt")
    EligibilitySummary toSummary(EligibilityCheck check);

    @Mapping(target = "id", source = "check.id")
    @Mapping(target = "payerErrors", source = "check.payerErrors")
    EligibilityView toView(EligibilityCheck check, UUID patientId);

    default Subscriber subscriber(Coverage c) {
        if (c.subscriberFamily == null && c.subscriberGiven == null && c.subscriberBirthDate == null
                && c.subscriberMemberId == null) {
            return null;
        }
        return new Subscriber(c.subscriberFamily, c.subscriberGiven, c.subscriberBirthDate, c.subscriberMemberId);
    }

    default int priority(CoverageOrder order) {
        return order == null ? 0 : order.priority();
    }

    default CoverageOrder order(int priority) {
        return priority < 1 || priority > 3 ? null : CoverageOrder.of(priority);
    }

    default List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n"));
    }
}
