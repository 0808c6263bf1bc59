package org.frontdesk.reception.fhir;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * Refuses FHIR bodies with unknown elements, invalid values or wrong JSON types, naming the
 * element. Lenient parsing would silently drop what an EHR sent, and we never lose accepted data.
 */
final class StrictParseErrors implements IParserErrorHandler {

    private final String resourceType;

    StrictParseErrors(String resourceType) {
        this.resourceType = resourceType;
    }

    private String path(IParseLocation location, String element) {
        StringBuilder sb = new StringBuilder(resourceType == null ? "Resource" : resourceType);
        if (location != null && location.getParentElementName() != null
                && !location.getParentElementName().equals(resourceType)) {
            sb.append('.').append(location.getParentElementName());
        }
        if (element != null) {
            sb.append('.').append(element);
        }
        return sb.toString();
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
        throw new FhirParseException("A contained resource has no id.", path(location, "contained"));
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, ValueType expectedValueType,
                                  ScalarType expectedScalarType, ValueType foundValueType, ScalarType foundScalarType) {
        throw new FhirParseException("Element '" + elementName + "' has the wrong JSON type: expected "
                + describe(expectedValueType, expectedScalarType) + ", found "
                + describe(foundValueType, foundScalarType) + ".", path(location, elementName));
    }

    private static String describe(ValueType v, ScalarType s) {
        if (v == ValueType.SCALAR && s != null) {
            return s.name().toLowerCase();
        }
        return v == null ? "nothing" : v.name().toLowerCase();
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        String element = location == null ? null : location.getParentElementName();
        throw new FhirParseException("Invalid value" + (element == null ? "" : " in '" + element + "'") + ": "
                + strip(error), path(null, element));
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String elementName) {
        throw new FhirParseException("Required element '" + elementName + "' is missing.", path(location, elementName));
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        throw new FhirParseException("Element '" + elementName + "' may appear only once.", path(location, elementName));
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        throw new FhirParseException("Unknown attribute '" + attributeName + "'.", path(location, attributeName));
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        throw new FhirParseException("Unknown element '" + elementName + "'.", path(location, elementName));
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
        throw new FhirParseException("A local reference points at no contained resource.", path(location, null));
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
        throw new FhirParseException("An internal reference is not valid.", path(location, null));
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
        throw new FhirParseException("An extension has both a value and nested extensions.", path(location, "extension"));
    }

    static String strip(String message) {
        return message == null ? "" : message.replaceFirst("^HAPI-\\d+:\\s*", "");
    }
}
