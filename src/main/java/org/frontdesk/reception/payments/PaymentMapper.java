package org.frontdesk.reception.payments;

import org.frontdesk.reception.payments.PaymentJson.CloseView;
import org.frontdesk.reception.payments.PaymentJson.PaymentView;
import org.frontdesk.reception.shared.MappingConfig;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

import java.math.BigDecimal;

/** The money API's JSON: payments, refunds and voids, and drawer closes. */
@Mapper(config = MappingConfig.class)
public interface PaymentMapper {

    /** A payment with what is left of it to refund and whether it was voided (both read from its later entries). */
    PaymentView toView(Payment payment, BigDecimal refundable, boolean voided);

    @Mapping(target = "flagged", expression = "java(close.difference.signum() != 0)")
    CloseView toView(DayClose close);
}
