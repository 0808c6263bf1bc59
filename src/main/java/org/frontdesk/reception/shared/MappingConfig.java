package org.frontdesk.reception.shared;

import org.mapstruct.MapperConfig;
import org.mapstruct.MappingConstants;
import org.mapstruct.NullValueCheckStrategy;
import org.mapstruct.ReportingPolicy;

/**
 * The one MapStruct configuration every JSON mapper uses: CDI beans, and a build failure when a
 * target field is left unmapped, so a new column can't silently go missing from a view.
 */
@MapperConfig(componentModel = MappingConstants.ComponentModel.JAKARTA_CDI,
        unmappedTargetPolicy = ReportingPolicy.ERROR,
        nullValueCheckStrategy = NullValueCheckStrategy.ALWAYS)
public interface MappingConfig {
}
