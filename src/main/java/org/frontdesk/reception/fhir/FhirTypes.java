package org.frontdesk.reception.fhir;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversions between FHIR datatypes and the plain values our tables keep, used by the
 * MapStruct FHIR mappers. Every HAPI enum's {@code NULL} constant maps to null.
 */
@jakarta.enterprise.context.ApplicationScoped
public class FhirTypes {

    public StringType string(String s) {
        return s == null ? null : new StringType(s);
    }

    public String string(StringType s) {
        return s == null ? null : s.getValue();
    }

    public DateType date(LocalDate d) {
        return d == null ? null : new DateType(d.toString());
    }

    /** A FHIR date as a day; a partial date (year or year-month) can't be kept exactly, so it is refused. */
    public LocalDate date(DateType d) {
        if (d == null || d.isEmpty()) {
            return null;
        }
        if (d.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            throw new FhirParseException("birthDate must be a full date (YYYY-MM-DD); partial dates are not supported.",
                    "Patient.birthDate");
        }
        return LocalDate.parse(d.getValueAsString());
    }

    public AdministrativeGender gender(String code) {
        return code == null ? null : AdministrativeGender.fromCode(code);
    }

    public String gender(AdministrativeGender g) {
        return g == null || g == AdministrativeGender.NULL ? null : g.toCode();
    }

    public HumanName.NameUse nameUse(String code) {
        return code == null ? null : HumanName.NameUse.fromCode(code);
    }

    public String nameUse(HumanName.NameUse u) {
        return u == null || u == HumanName.NameUse.NULL ? null : u.toCode();
    }

    public Identifier.IdentifierUse identifierUse(String code) {
        return code == null ? null : Identifier.IdentifierUse.fromCode(code);
    }

    public String identifierUse(Identifier.IdentifierUse u) {
        return u == null || u == Identifier.IdentifierUse.NULL ? null : u.toCode();
    }

    public ContactPoint.ContactPointSystem telecomSystem(String code) {
        return code == null ? null : ContactPoint.ContactPointSystem.fromCode(code);
    }

    public String telecomSystem(ContactPoint.ContactPointSystem s) {
        return s == null || s == ContactPoint.ContactPointSystem.NULL ? null : s.toCode();
    }

    public ContactPoint.ContactPointUse telecomUse(String code) {
        return code == null ? null : ContactPoint.ContactPointUse.fromCode(code);
    }

    public String telecomUse(ContactPoint.ContactPointUse u) {
        return u == null || u == ContactPoint.ContactPointUse.NULL ? null : u.toCode();
    }

    public Address.AddressUse addressUse(String code) {
        return code == null ? null : Address.AddressUse.fromCode(code);
    }

    public String addressUse(Address.AddressUse u) {
        return u == null || u == Address.AddressUse.NULL ? null : u.toCode();
    }

    public Address.AddressType addressType(String code) {
        return code == null ? null : Address.AddressType.fromCode(code);
    }

    public String addressType(Address.AddressType t) {
        return t == null || t == Address.AddressType.NULL ? null : t.toCode();
    }

    // ---- helpers for expressions, static so mappers call them directly ----

    public static Period period(String start, String end) {
        if (start == null && end == null) {
            return null;
        }
        Period p = new Period();
        if (start != null) {
            p.setStartElement(new DateTimeType(start));
        }
        if (end != null) {
            p.setEndElement(new DateTimeType(end));
        }
        return p;
    }

    public static String start(Period p) {
        return p == null || !p.hasStart() ? null : p.getStartElement().getValueAsString();
    }

    public static String end(Period p) {
        return p == null || !p.hasEnd() ? null : p.getEndElement().getValueAsString();
    }

    public static CodeableConcept concept(String system, String code, String text) {
        if (code == null && text == null) {
            return null;
        }
        CodeableConcept c = new CodeableConcept();
        if (code != null) {
            c.addCoding().setSystem(system).setCode(code);
        }
        c.setText(text);
        return c;
    }

    /** The code of the first coding in the given system, else of the first coding. */
    public static String code(CodeableConcept c, String preferredSystem) {
        if (c == null) {
            return null;
        }
        for (Coding coding : c.getCoding()) {
            if (preferredSystem != null && preferredSystem.equals(coding.getSystem())) {
                return coding.getCode();
            }
        }
        return c.getCoding().isEmpty() ? null : c.getCodingFirstRep().getCode();
    }

    public static String system(CodeableConcept c) {
        return c == null || c.getCoding().isEmpty() ? null : c.getCodingFirstRep().getSystem();
    }

    public static String text(CodeableConcept c) {
        return c == null || !c.hasText() ? null : c.getText();
    }

    public static Reference display(String display) {
        return display == null ? null : new Reference().setDisplay(display);
    }

    public static String display(Reference r) {
        return r == null || !r.hasDisplay() ? null : r.getDisplay();
    }

    public static Type deceased(Boolean deceased, String at) {
        if (at != null) {
            return new DateTimeType(at);
        }
        return deceased == null ? null : new BooleanType(deceased);
    }

    public static Boolean deceasedFlag(Type t) {
        if (t instanceof BooleanType b) {
            return b.getValue();
        }
        return t instanceof DateTimeType ? Boolean.TRUE : null;
    }

    public static String deceasedAt(Type t) {
        return t instanceof DateTimeType d ? d.getValueAsString() : null;
    }

    public static Type multipleBirth(Boolean multiple, Integer order) {
        if (order != null) {
            return new IntegerType(order);
        }
        return multiple == null ? null : new BooleanType(multiple);
    }

    public static Boolean multipleBirthFlag(Type t) {
        if (t instanceof BooleanType b) {
            return b.getValue();
        }
        return t instanceof IntegerType ? Boolean.TRUE : null;
    }

    public static Integer birthOrder(Type t) {
        return t instanceof IntegerType i ? i.getValue() : null;
    }

    public static HumanName humanName(String family, List<String> given, String text) {
        if (family == null && (given == null || given.isEmpty()) && text == null) {
            return null;
        }
        HumanName n = new HumanName().setFamily(family).setText(text);
        if (given != null) {
            given.forEach(n::addGiven);
        }
        return n;
    }

    public static List<String> given(HumanName n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            n.getGiven().forEach(g -> out.add(g.getValue()));
        }
        return out;
    }

    public static List<ContactPoint> phoneAndEmail(String phone, String email) {
        List<ContactPoint> out = new ArrayList<>();
        if (phone != null) {
            out.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone));
        }
        if (email != null) {
            out.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email));
        }
        return out;
    }

    public static String telecomValue(List<ContactPoint> telecoms, ContactPoint.ContactPointSystem system) {
        return telecoms.stream().filter(t -> t.getSystem() == system).map(ContactPoint::getValue).findFirst().orElse(null);
    }

    public static Address address(List<String> lines, String city, String state, String postalCode, String country) {
        if ((lines == null || lines.isEmpty()) && city == null && state == null && postalCode == null && country == null) {
            return null;
        }
        Address a = new Address().setCity(city).setState(state).setPostalCode(postalCode).setCountry(country);
        if (lines != null) {
            lines.forEach(a::addLine);
        }
        return a;
    }

    public static List<String> lines(Address a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.getLine().forEach(l -> out.add(l.getValue()));
        }
        return out;
    }

    public static String city(Address a) {
        return a == null ? null : a.getCity();
    }

    public static String state(Address a) {
        return a == null ? null : a.getState();
    }

    public static String postalCode(Address a) {
        return a == null ? null : a.getPostalCode();
    }

    public static String country(Address a) {
        return a == null ? null : a.getCountry();
    }

}
