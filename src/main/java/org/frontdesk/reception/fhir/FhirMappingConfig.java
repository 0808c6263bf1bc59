package org.frontdesk.reception.fhir;

import org.mapstruct.MapperConfig;
import org.mapstruct.MappingConstants;
import org.mapstruct.NullValueCheckStrategy;
import org.mapstruct.ReportingPolicy;

/**
 * MapStruct configuration of the FHIR mappers. Unlike the JSON mappers, unmapped targets are
 * ignored: HAPI's model exposes every element twice (value and {@code *Element}) plus dozens
 * of elements we do not keep, so an ERROR policy would list them all. What we keep is pinned
 * by the round-trip tests of the official examples instead.
 */
@MapperConfig(componentModel = MappingConstants.ComponentModel.JAKARTA_CDI,
        unmappedTargetPolicy = ReportingPolicy.IGNORE,
        nullValueCheckStrategy = NullValueCheckStrategy.ALWAYS,
        uses = FhirTypes.class)
public interface FhirMappingConfig {
}
