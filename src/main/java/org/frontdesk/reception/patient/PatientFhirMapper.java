package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirMappingConfig;
import org.frontdesk.reception.fhir.FhirTypes;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.StringType;
import org.mapstruct.AfterMapping;
import org.mapstruct.InheritConfiguration;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps the patient entity to and from FHIR R4 Patient, shaped for US Core: our MRN as the first
 * identifier (type MR), race, ethnicity and birth sex as the US Core extensions, the preferred
 * language as a preferred communication, related persons as contacts.
 */
@Mapper(config = FhirMappingConfig.class)
public abstract class PatientFhirMapper {

    static final String RACE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    static final String ETHNICITY = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
    static final String BIRTH_SEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";
    static final String CONSENT = "https://fhir.frontdesk.example/StructureDefinition/communication-consent";
    static final String OMB = "urn:oid:2.16.840.1.113883.6.238";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String V2_0131 = "http://terminology.hl7.org/CodeSystem/v2-0131";
    static final String ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    static final String MARITAL = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";
    static final String BCP47 = "urn:ietf:bcp:47";
    static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

    private static final Map<String, String> OMB_DISPLAY = Map.of(
            "1002-5", "American Indian or Alaska Native", "2028-9", "Asian",
            "2054-5", "Black or African American", "2076-8", "Native Hawaiian or Other Pacific Islander",
            "2106-3", "White", "2135-2", "Hispanic or Latino", "2186-5", "Not Hispanic or Latino",
            "UNK", "Unknown", "ASKU", "Asked but no answer");
    /** Our contact roles and their HL7 v2 table 0131 codes. */
    private static final Map<String, String> ROLE_TO_V2 = Map.of(
            "emergency-contact", "C", "next-of-kin", "N", "guarantor", "BP", "employer", "E", "other", "O");

    @Inject PatientConfig config;

    // ---------------------------------------------------------------- entity -> FHIR

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "name", source = "names")
    @Mapping(target = "identifier", source = "identifiers")
    @Mapping(target = "telecom", source = "telecoms")
    @Mapping(target = "address", source = "addresses")
    @Mapping(target = "contact", source = "contacts")
    @Mapping(target = "gender", source = "gender")
    @Mapping(target = "birthDateElement", source = "birthDate")
    @Mapping(target = "active", source = "active")
    @Mapping(target = "deceased", expression = "java(FhirTypes.deceased(patient.deceased, patient.deceasedAt))")
    @Mapping(target = "multipleBirth", expression = "java(FhirTypes.multipleBirth(patient.multipleBirth, patient.birthOrder))")
    @Mapping(target = "maritalStatus", expression = "java(FhirTypes.concept(MARITAL, patient.maritalStatus, null))")
    public abstract org.hl7.fhir.r4.model.Patient toFhir(Patient patient);

    @AfterMapping
    protected void finishFhir(Patient patient, @MappingTarget org.hl7.fhir.r4.model.Patient fhir) {
        fhir.setId(patient.id.toString());
        fhir.setMeta(new Meta().setVersionId(Long.toString(patient.version))
                .setLastUpdated(java.util.Date.from(patient.updatedAt)));
        fhir.getIdentifier().add(0, new Identifier().setUse(Identifier.IdentifierUse.USUAL)
                .setType(new CodeableConcept(new Coding(V2_0203, "MR", "Medical record number")))
                .setSystem(config.mrnSystem()).setValue(patient.mrn));
        if (patient.preferredLanguage != null) {
            fhir.addCommunication().setPreferred(true)
                    .setLanguage(new CodeableConcept(new Coding().setSystem(BCP47).setCode(patient.preferredLanguage)));
        }
        ombExtension(fhir, RACE, patient.raceCodes, patient.raceText);
        ombExtension(fhir, ETHNICITY, patient.ethnicityCodes, patient.ethnicityText);
        if (patient.birthSex != null) {
            fhir.addExtension(new Extension(BIRTH_SEX, new CodeType(patient.birthSex)));
        }
        Extension consent = new Extension(CONSENT);
        consent.addExtension("sms", new BooleanType(patient.smsConsent));
        consent.addExtension("email", new BooleanType(patient.emailConsent));
        fhir.addExtension(consent);
    }

    private static void ombExtension(org.hl7.fhir.r4.model.Patient fhir, String url, List<String> codes, String text) {
        if ((codes == null || codes.isEmpty()) && text == null) {
            return;
        }
        Extension ext = new Extension(url);
        List<String> displays = new ArrayList<>();
        for (String code : codes) {
            String system = code.equals("UNK") || code.equals("ASKU") ? NULL_FLAVOR : OMB;
            ext.addExtension("ombCategory", new Coding(system, code, OMB_DISPLAY.get(code)));
            displays.add(OMB_DISPLAY.getOrDefault(code, code));
        }
        ext.addExtension("text", new StringType(text != null ? text : String.join(", ", displays)));
        fhir.addExtension(ext);
    }

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "period", expression = "java(FhirTypes.period(name.periodStart, name.periodEnd))")
    protected abstract HumanName toFhir(PatientName name);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "type", expression = "java(FhirTypes.concept(identifier.typeSystem, identifier.typeCode, identifier.typeText))")
    @Mapping(target = "period", expression = "java(FhirTypes.period(identifier.periodStart, identifier.periodEnd))")
    @Mapping(target = "assigner", expression = "java(FhirTypes.display(identifier.assigner))")
    protected abstract Identifier toFhir(PatientIdentifier identifier);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "period", expression = "java(FhirTypes.period(telecom.periodStart, telecom.periodEnd))")
    protected abstract ContactPoint toFhir(PatientTelecom telecom);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "period", expression = "java(FhirTypes.period(address.periodStart, address.periodEnd))")
    protected abstract Address toFhir(PatientAddress address);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "relationship", expression = "java(relationship(contact))")
    @Mapping(target = "name", expression = "java(FhirTypes.humanName(contact.family, contact.given, contact.nameText))")
    @Mapping(target = "telecom", expression = "java(FhirTypes.phoneAndEmail(contact.phone, contact.email))")
    @Mapping(target = "address", expression = "java(FhirTypes.address(contact.line, contact.city, contact.state, contact.postalCode, contact.country))")
    @Mapping(target = "organization", expression = "java(FhirTypes.display(contact.organizationName))")
    @Mapping(target = "gender", source = "gender")
    protected abstract org.hl7.fhir.r4.model.Patient.ContactComponent toFhir(PatientContact contact);

    /** One CodeableConcept per role (v2-0131), and the personal relationship (v3 RoleCode) as its own. */
    protected List<CodeableConcept> relationship(PatientContact contact) {
        List<CodeableConcept> out = new ArrayList<>();
        for (String role : contact.roles) {
            out.add(new CodeableConcept(new Coding().setSystem(V2_0131).setCode(ROLE_TO_V2.getOrDefault(role, "O"))));
        }
        if (contact.relationship != null) {
            out.add(new CodeableConcept(new Coding().setSystem(ROLE_CODE).setCode(contact.relationship)));
        }
        return out;
    }

    // ---------------------------------------------------------------- FHIR -> entity

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "names", source = "name")
    @Mapping(target = "identifiers", source = "identifier")
    @Mapping(target = "telecoms", source = "telecom")
    @Mapping(target = "addresses", source = "address")
    @Mapping(target = "contacts", source = "contact")
    @Mapping(target = "gender", source = "gender")
    @Mapping(target = "birthDate", source = "birthDateElement")
    @Mapping(target = "active", source = "active")
    @Mapping(target = "deceased", expression = "java(FhirTypes.deceasedFlag(fhir.getDeceased()))")
    @Mapping(target = "deceasedAt", expression = "java(FhirTypes.deceasedAt(fhir.getDeceased()))")
    @Mapping(target = "multipleBirth", expression = "java(FhirTypes.multipleBirthFlag(fhir.getMultipleBirth()))")
    @Mapping(target = "birthOrder", expression = "java(FhirTypes.birthOrder(fhir.getMultipleBirth()))")
    @Mapping(target = "maritalStatus", expression = "java(fhir.hasMaritalStatus() ? FhirTypes.code(fhir.getMaritalStatus(), MARITAL) : null)")
    public abstract Patient toEntity(org.hl7.fhir.r4.model.Patient fhir);

    /** Full update (FHIR PUT): the stored patient takes every element we keep from the resource. */
    @InheritConfiguration(name = "toEntity")
    public abstract void update(org.hl7.fhir.r4.model.Patient fhir, @MappingTarget Patient patient);

    @AfterMapping
    protected void finishEntity(org.hl7.fhir.r4.model.Patient fhir, @MappingTarget Patient patient) {
        if (!fhir.hasActive()) {
            patient.active = true;
        }
        // A FHIR update replaces the whole resource: a list it leaves out is now empty.
        if (!fhir.hasName()) {
            patient.names.clear();
        }
        if (!fhir.hasIdentifier()) {
            patient.identifiers.clear();
        }
        if (!fhir.hasTelecom()) {
            patient.telecoms.clear();
        }
        if (!fhir.hasAddress()) {
            patient.addresses.clear();
        }
        if (!fhir.hasContact()) {
            patient.contacts.clear();
        }
        // Our own MRN is issued here, never taken from the caller.
        patient.identifiers.removeIf(i -> config.mrnSystem().equals(i.system));
        patient.preferredLanguage = fhir.getCommunication().stream()
                .sorted((a, b) -> Boolean.compare(b.getPreferred(), a.getPreferred()))
                .map(c -> FhirTypes.code(c.getLanguage(), BCP47)).filter(Objects::nonNull).findFirst().orElse(null);
        patient.raceCodes = new ArrayList<>(ombCodes(fhir.getExtensionByUrl(RACE)));
        patient.raceText = ombText(fhir.getExtensionByUrl(RACE));
        patient.ethnicityCodes = new ArrayList<>(ombCodes(fhir.getExtensionByUrl(ETHNICITY)));
        patient.ethnicityText = ombText(fhir.getExtensionByUrl(ETHNICITY));
        Extension birthSex = fhir.getExtensionByUrl(BIRTH_SEX);
        patient.birthSex = birthSex == null || birthSex.getValue() == null ? null : birthSex.getValue().primitiveValue();
        Extension consent = fhir.getExtensionByUrl(CONSENT);
        patient.smsConsent = flag(consent, "sms");
        patient.emailConsent = flag(consent, "email");
    }

    private static List<String> ombCodes(Extension ext) {
        if (ext == null) {
            return List.of();
        }
        return ext.getExtensionsByUrl("ombCategory").stream()
                .map(e -> e.getValue() instanceof Coding c ? c.getCode() : null).filter(Objects::nonNull).toList();
    }

    private static String ombText(Extension ext) {
        if (ext == null) {
            return null;
        }
        Extension text = ext.getExtensionByUrl("text");
        return text == null || text.getValue() == null ? null : text.getValue().primitiveValue();
    }

    private static boolean flag(Extension ext, String name) {
        if (ext == null) {
            return false;
        }
        Extension e = ext.getExtensionByUrl(name);
        return e != null && e.getValue() instanceof BooleanType b && Boolean.TRUE.equals(b.getValue());
    }

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "periodStart", expression = "java(FhirTypes.start(name.getPeriod()))")
    @Mapping(target = "periodEnd", expression = "java(FhirTypes.end(name.getPeriod()))")
    protected abstract PatientName toEntity(HumanName name);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "typeSystem", expression = "java(FhirTypes.system(identifier.getType()))")
    @Mapping(target = "typeCode", expression = "java(FhirTypes.code(identifier.getType(), null))")
    @Mapping(target = "typeText", expression = "java(FhirTypes.text(identifier.getType()))")
    @Mapping(target = "periodStart", expression = "java(FhirTypes.start(identifier.getPeriod()))")
    @Mapping(target = "periodEnd", expression = "java(FhirTypes.end(identifier.getPeriod()))")
    @Mapping(target = "assigner", expression = "java(FhirTypes.display(identifier.getAssigner()))")
    protected abstract PatientIdentifier toEntity(Identifier identifier);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "periodStart", expression = "java(FhirTypes.start(telecom.getPeriod()))")
    @Mapping(target = "periodEnd", expression = "java(FhirTypes.end(telecom.getPeriod()))")
    protected abstract PatientTelecom toEntity(ContactPoint telecom);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "periodStart", expression = "java(FhirTypes.start(address.getPeriod()))")
    @Mapping(target = "periodEnd", expression = "java(FhirTypes.end(address.getPeriod()))")
    protected abstract PatientAddress toEntity(Address address);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "roles", expression = "java(roles(contact))")
    @Mapping(target = "relationship", expression = "java(personalRelationship(contact))")
    @Mapping(target = "family", expression = "java(contact.hasName() ? contact.getName().getFamily() : null)")
    @Mapping(target = "given", expression = "java(FhirTypes.given(contact.getName()))")
    @Mapping(target = "nameText", expression = "java(contact.hasName() ? contact.getName().getText() : null)")
    @Mapping(target = "phone", expression = "java(FhirTypes.telecomValue(contact.getTelecom(), org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE))")
    @Mapping(target = "email", expression = "java(FhirTypes.telecomValue(contact.getTelecom(), org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL))")
    @Mapping(target = "line", expression = "java(FhirTypes.lines(contact.getAddress()))")
    @Mapping(target = "city", expression = "java(FhirTypes.city(contact.getAddress()))")
    @Mapping(target = "state", expression = "java(FhirTypes.state(contact.getAddress()))")
    @Mapping(target = "postalCode", expression = "java(FhirTypes.postalCode(contact.getAddress()))")
    @Mapping(target = "country", expression = "java(FhirTypes.country(contact.getAddress()))")
    @Mapping(target = "organizationName", expression = "java(FhirTypes.display(contact.getOrganization()))")
    @Mapping(target = "gender", source = "gender")
    protected abstract PatientContact toEntity(org.hl7.fhir.r4.model.Patient.ContactComponent contact);

    protected List<String> roles(org.hl7.fhir.r4.model.Patient.ContactComponent contact) {
        List<String> out = new ArrayList<>();
        for (CodeableConcept c : contact.getRelationship()) {
            for (Coding coding : c.getCoding()) {
                if (V2_0131.equals(coding.getSystem())) {
                    String role = ROLE_TO_V2.entrySet().stream().filter(e -> e.getValue().equals(coding.getCode()))
                            .map(Map.Entry::getKey).findFirst().orElse("other");
                    if (!out.contains(role)) {
                        out.add(role);
                    }
                }
            }
        }
        return out;
    }

    protected String personalRelationship(org.hl7.fhir.r4.model.Patient.ContactComponent contact) {
        for (CodeableConcept c : contact.getRelationship()) {
            for (Coding coding : c.getCoding()) {
                if (ROLE_CODE.equals(coding.getSystem())) {
                    return coding.getCode();
                }
            }
        }
        return null;
    }
}
