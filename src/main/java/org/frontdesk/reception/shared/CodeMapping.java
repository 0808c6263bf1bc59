package org.frontdesk.reception.shared;

import org.mapstruct.TargetType;

/** MapStruct conversions between {@link Coded} enums of the JSON face and the codes stored in the database. */
@jakarta.enterprise.context.ApplicationScoped
public class CodeMapping {

    public String code(Coded value) {
        return value == null ? null : value.code();
    }

    public <E extends Enum<E>> E fromCode(String code, @TargetType Class<E> type) {
        if (code == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant instanceof Coded c && c.code().equals(code)) {
                return constant;
            }
        }
        throw new IllegalStateException("Stored code has no enum constant: " + type.getSimpleName() + "." + code);
    }
}
