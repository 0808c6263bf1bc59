package org.frontdesk.reception.claims;

import org.frontdesk.reception.claims.ClaimJson.ClaimView;
import org.frontdesk.reception.claims.ClaimJson.Delivery;
import org.frontdesk.reception.claims.ClaimJson.LineJson;
import org.frontdesk.reception.claims.ClaimJson.ResponseView;
import org.frontdesk.reception.claims.ClaimJson.StatusChange;
import org.frontdesk.reception.shared.MappingConfig;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

import java.util.List;

/** The claims API's JSON: the billing desk's lines in, a claim with its history, deliveries and answers out. */
@Mapper(config = MappingConfig.class)
public interface ClaimMapper {

    ClaimView toView(Claim claim, List<StatusChange> history, List<Delivery> deliveries, List<ResponseView> responses);

    @Mapping(target = "from", source = "fromStatus")
    @Mapping(target = "to", source = "toStatus")
    @Mapping(target = "at", source = "changedAt")
    @Mapping(target = "by", source = "changedBy")
    StatusChange toView(ClaimStatusChange change);

    Delivery toView(ClaimOutbox row);

    ResponseView toView(ClaimResponseRecord response);

    @Mapping(target = "position", ignore = true)
    @Mapping(target = "pointers", source = "diagnosisPointers")
    @Mapping(target = "serviceDate", source = "dateOfService")
    ClaimLine toLine(LineJson line);

    List<ClaimLine> toLines(List<LineJson> lines);

    List<StatusChange> toHistory(List<ClaimStatusChange> changes);

    List<Delivery> toDeliveries(List<ClaimOutbox> rows);

    List<ResponseView> toResponses(List<ClaimResponseRecord> responses);
}
