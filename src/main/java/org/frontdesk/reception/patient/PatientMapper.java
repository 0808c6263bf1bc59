package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.CodeMapping;
import org.frontdesk.reception.shared.MappingConfig;
import org.mapstruct.InheritConfiguration;
import org.mapstruct.InheritInverseConfiguration;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;

/** Maps the {@code /api} JSON of a patient to and from the entity. */
@Mapper(config = MappingConfig.class, uses = CodeMapping.class)
public interface PatientMapper {

    String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "mrn", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "createdAt", ignore = true)
    @Mapping(target = "updatedAt", ignore = true)
    @Mapping(target = "createdBy", ignore = true)
    @Mapping(target = "updatedBy", ignore = true)
    @Mapping(target = "sortName", ignore = true)
    @Mapping(target = "consentUpdatedAt", ignore = true)
    @Mapping(target = "deceased", ignore = true)
    @Mapping(target = "deceasedAt", ignore = true)
    @Mapping(target = "maritalStatus", ignore = true)
    @Mapping(target = "multipleBirth", ignore = true)
    @Mapping(target = "birthOrder", ignore = true)
    @Mapping(target = "raceCodes", source = "race")
    @Mapping(target = "ethnicityCodes", source = "ethnicity")
    @Mapping(target = "smsConsent", source = "consent.sms")
    @Mapping(target = "emailConsent", source = "consent.email")
    @Mapping(target = "active", source = "active", defaultValue = "true")
    Patient toEntity(PatientRequest request);

    /** Full update (PUT): every field the desk owns takes the request's value. */
    @InheritConfiguration(name = "toEntity")
    void update(PatientRequest request, @MappingTarget Patient patient);

    @Mapping(target = "race", source = "raceCodes")
    @Mapping(target = "ethnicity", source = "ethnicityCodes")
    @Mapping(target = "consent.sms", source = "smsConsent")
    @Mapping(target = "consent.email", source = "emailConsent")
    @Mapping(target = "consent.updatedAt", source = "consentUpdatedAt")
    PatientView toView(Patient patient);

    /** The editable part of a patient, the base a merge patch (PATCH) is applied to. */
    @InheritInverseConfiguration(name = "toEntity")
    @Mapping(target = "consent.updatedAt", source = "consentUpdatedAt")
    PatientRequest toRequest(Patient patient);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patient", ignore = true)
    @Mapping(target = "position", ignore = true)
    @Mapping(target = "periodStart", ignore = true)
    @Mapping(target = "periodEnd", ignore = true)
    @Mapping(target = "familyNorm", ignore = true)
    @Mapping(target = "givenNorm", ignore = true)
    @Mapping(target = "wordsNorm", ignore = true)
    PatientName toEntity(NameJson name);

    NameJson toJson(PatientName name);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patient", ignore = true)
    @Mapping(target = "position", ignore = true)
    @Mapping(target = "periodStart", ignore = true)
    @Mapping(target = "periodEnd", ignore = true)
    @Mapping(target = "typeSystem", expression = "java(identifier.typeCode() == null ? null : V2_0203)")
    PatientIdentifier toEntity(IdentifierJson identifier);

    IdentifierJson toJson(PatientIdentifier identifier);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patient", ignore = true)
    @Mapping(target = "position", ignore = true)
    @Mapping(target = "periodStart", ignore = true)
    @Mapping(target = "periodEnd", ignore = true)
    @Mapping(target = "valueNorm", ignore = true)
    PatientTelecom toEntity(TelecomJson telecom);

    TelecomJson toJson(PatientTelecom telecom);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patient", ignore = true)
    @Mapping(target = "position", ignore = true)
    @Mapping(target = "periodStart", ignore = true)
    @Mapping(target = "periodEnd", ignore = true)
    PatientAddress toEntity(AddressJson address);

    AddressJson toJson(PatientAddress address);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "patient", ignore = true)
    @Mapping(target = "position", ignore = true)
    PatientContact toEntity(ContactJson contact);

    ContactJson toJson(PatientContact contact);

    DuplicateFlagView toView(PatientDuplicateFlag flag);
}
